"""Writes for village conventions (Decree 61/2023). Each service is one transaction; the views call them.

The draft goes to residents through consultations.services (its subject "village_convention": at least 30 days
from posting, Art. 9 §1); the adoption is a decisions matter voted at a meeting (Art. 10: more than half of all
households present, more than half of all agree; a household ballot round only when the meeting could not reach
them); the dossier and the commune's recognition or refusal are that matter's recognition (Art. 11), whose
5 working days run from the day the dossier was complete. Suspension (Art. 12) and repeal (Art. 14) are the
commune People's Committee's decisions; an amendment (Art. 13) is a new convention that amends this one.
"""

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations import drafts
from consultations import services as consultations
from consultations.models import Status as ConsultationStatus
from conventions import rules
from conventions.models import Convention, Initiator, Review
from decisions import selectors as decision_selectors
from decisions import services as decisions
from decisions.models import VOTED, MatterStatus, MatterType
from grassroots.validators import plain_text, reject_invisible
from grassroots.working_days import add_working_days
from initiatives.models import ON_AGENDA, Initiative
from localities.models import AdministrativeUnit, Level


def _line(value: str, field: str, most: int, missing: str = "") -> str:
    return plain_text(value, field, most, missing=missing)


def _reasons(value: str, field: str) -> str:
    return plain_text(value, field, 5000, multiline=True, missing=_("Give the reasons."))


# The platform's own bound, not the decree's: a date more than a year away is a mistyped year.
MOST_DAYS_AWAY = 365


def _not_after_today(field: str, on: date, not_before: date | None = None) -> None:
    today = timezone.localdate()
    if on > today:
        raise ValidationError({field: [_("This date is still to come.")]})
    if on < (not_before or today - timedelta(days=MOST_DAYS_AWAY)):
        raise ValidationError(
            {field: [_("This date is before %(day)s: check it.") % {"day": f"{not_before:%d/%m/%Y}"}]}
            if not_before
            else {field: [_("This date is more than a year ago: check the year.")]}
        )


def _within_a_year(field: str, on: date) -> None:
    if abs((on - timezone.localdate()).days) > MOST_DAYS_AWAY:
        raise ValidationError({field: [_("This date is more than a year away: check the year.")]})


def _locked(convention: Convention) -> Convention:
    """The row locked until the transaction ends (clicks at once take turns, the second sees the first), and the
    caller's object brought up to date with it."""
    Convention.objects.select_for_update().filter(pk=convention.pk).first()
    convention.refresh_from_db()
    return convention


def _save(obj, by) -> None:
    obj._history_user = by
    obj.save()


@transaction.atomic
def start(
    *,
    by,
    village: AdministrativeUnit,
    kind: str,
    title: str,
    initiated_by: str,
    initiative: Initiative | None = None,
    minority_area: bool = False,
    amends: Convention | None = None,
) -> Convention:
    """A convention (or its amendment) started by the village head with the Front's village committee, or by a
    citizens' initiative at least 10% of households consented to (Art. 7; Law 10/2022 Art. 16 §3)."""
    if village.level != Level.VILLAGE or not village.is_active:
        raise ValidationError(_("A convention belongs to the households of a village or residential group."))
    if initiated_by not in Initiator.values:
        raise ValidationError({"initiated_by": [_("Say who started it.")]})
    AdministrativeUnit.objects.select_for_update().filter(pk=village.pk).first()  # one start at a time
    if initiated_by == Initiator.HOUSEHOLDS:
        if initiative is None or initiative.village_id != village.pk or initiative.status not in ON_AGENDA:
            raise ValidationError(
                {"initiative": [_("Choose the village's citizens' initiative that is on the village head's agenda.")]}
            )
        if Convention.objects.filter(initiative=initiative).exists():
            raise ValidationError({"initiative": [_("This initiative has already started a convention.")]})
    else:
        initiative = None
    if amends is not None:
        amends = _locked(amends)
        if amends.village_id != village.pk or not is_in_force(amends):
            raise ValidationError(_("Only a convention of the village that is in force is amended."))
        if any(not recognised_on(a) and not _ended(a) for a in amends.amendments.all()):
            raise ValidationError(_("An amendment of this convention is already under way."))
    wanted = " ".join((title or "").split()).casefold()  # compared here: SQLite folds only ASCII letters
    same = Convention.objects.filter(village=village, repealed_on=None).values_list("title", flat=True)
    if amends is None and any(t.casefold() == wanted for t in same):
        raise ValidationError({"title": [_("The village already has a convention with this title.")]})
    today = timezone.localdate()
    convention = Convention(
        village=village,
        unit_path=village.path,
        rule_version=rules.book_on(today).version,
        kind=kind,
        title=_line(title, "title", 200, _("Give the convention a title.")),
        initiated_by=initiated_by,
        initiative=initiative,
        started_on=today,
        amends=amends,
        minority_area=minority_area,
        created_by=by,
    )
    _save(convention, by)
    return convention


@transaction.atomic
def set_team(*, by, convention: Convention, names: list[str], elder: str = "", language_speaker: str = "") -> None:
    """The drafting team (Art. 8); in an area of ethnic minorities it includes the village elder and someone who
    speaks the language."""
    convention = _locked(convention)
    if convention.consultation_id:
        raise ValidationError(_("The draft is already with the residents: the team no longer changes."))
    team = [_line(n, "team", 200) for n in names if n.strip()]
    if not team:
        raise ValidationError({"team": [_("Name the drafting team, one person per line.")]})
    if len(team) > 30:
        raise ValidationError({"team": [_("At most %(n)s people.") % {"n": 30}]})
    elder = _line(elder, "elder", 200)
    speaker = _line(language_speaker, "language_speaker", 200)
    if convention.minority_area and not (elder and speaker):
        raise ValidationError(
            _(
                "In an area of ethnic minorities the team includes the village elder and a speaker of the language "
                "(%(a)s)."
            )
            % {"a": convention.book.team_article}
        )
    convention.team, convention.elder, convention.language_speaker = team, elder, speaker
    _save(convention, by)


@transaction.atomic
def put_draft(*, by, convention: Convention, text: str, opens_on: date, closes_on: date) -> Convention:
    """The draft posted for residents' opinions for at least 30 days from the posting (Art. 9 §1), through the
    consultation engine: every opinion gets its answer, the synthesis is published."""
    convention = _locked(convention)
    if not convention.team:
        raise ValidationError(_("Name the drafting team first."))
    if convention.consultation_id:
        raise ValidationError(_("The draft is already with the residents."))
    try:
        reject_invisible(text or "", multiline=True)
    except ValidationError as exc:
        raise ValidationError({"text": exc.messages}) from exc
    today = timezone.localdate()
    if opens_on < today or opens_on > today + timedelta(days=90):
        raise ValidationError({"opens_on": [_("The draft is posted from today, or within 90 days.")]})
    if closes_on > opens_on + timedelta(days=MOST_DAYS_AWAY):
        raise ValidationError({"closes_on": [_("This date is more than a year away: check the year.")]})
    sections = drafts.sections_from_text(text or "")
    consultation = consultations.create_consultation(
        by=by,
        unit=convention.village,
        data=consultations.ConsultationInput(
            title=f"Dự thảo: {convention.title}"[:200],
            subject="village_convention",
            audience="residents",
            opens_on=opens_on,
            closes_on=closes_on,
            summary=f"Niêm yết dự thảo để Nhân dân tham gia ý kiến ({convention.book.draft_article}).",
        ),
        sections=sections,
    )
    consultations.publish(by=by, consultation=consultation)
    convention.consultation = consultation
    _save(convention, by)
    return convention


@transaction.atomic
def cancel_vote(*, by, convention: Convention) -> Convention:
    """A vote prepared with a wrong meeting, given up before it opens: prepared again."""
    convention = _locked(convention)
    if convention.matter is None:
        raise ValidationError(_("No vote is prepared."))
    decisions.cancel_draft(by=by, matter=convention.matter)
    return convention


def draft_closed(convention: Convention) -> bool:
    consultation = convention.consultation
    return bool(consultation and consultation.status == ConsultationStatus.CLOSED)


@transaction.atomic
def prepare_vote(
    *, by, convention: Convention, meeting_at: datetime, meeting_place: str, notice_given_on: date
) -> Convention:
    """The meeting that adopts it, once the residents' opinions are all answered and the draft closed; the final
    text goes to the households with the notice (Decree 59/2023 Art. 3 §4)."""
    convention = _locked(convention)
    if convention.matter_id and convention.matter.status != MatterStatus.CANCELLED:
        raise ValidationError(_("The vote is already prepared."))
    day = timezone.localtime(meeting_at).date()
    _within_a_year("meeting_at", day)
    if convention.consultation and day <= convention.consultation.closes_on:
        raise ValidationError({"meeting_at": [_("The meeting comes after the residents' opinions were closed.")]})
    if not draft_closed(convention):
        raise ValidationError(_("Close the residents' consultation on the draft first: every opinion answered."))
    matter = decisions.put_at_meeting(
        by=by,
        village=convention.village,
        matter_type=MatterType.VILLAGE_CONVENTION,
        title=convention.title,
        question=f"Thông qua {convention.title}?",
        meeting_at=meeting_at,
        meeting_place=meeting_place,
        notice_given_on=notice_given_on,
    )
    convention.matter = matter
    _save(convention, by)
    return convention


def adopted(convention: Convention) -> bool:
    return decision_selectors.said_yes(convention.matter)


def adopted_on(convention: Convention) -> date | None:
    return (
        timezone.localdate(convention.matter.closed_at) if adopted(convention) and convention.matter.closed_at else None
    )


def dossier_due(convention: Convention) -> date | None:
    """The dossier goes to the commune at the latest 5 working days after the adoption (Art. 11)."""
    day = adopted_on(convention)
    return add_working_days(day, convention.book.dossier_working_days) if day else None


@transaction.atomic
def send_dossier(*, by, convention: Convention, sent_on: date) -> None:
    """The request, the minutes and the adopted text go to the commune People's Committee (Art. 11)."""
    if not adopted(convention):
        raise ValidationError(_("A dossier is sent once the households adopted the convention."))
    decisions.send_for_recognition(by=by, matter=convention.matter, sent_on=sent_on)


@transaction.atomic
def dossier_complete(*, by, convention: Convention, on: date) -> None:
    convention = _locked(convention)
    if convention.dossier_complete_on:
        raise ValidationError(_("The dossier's completeness is already recorded."))
    decisions.dossier_complete(by=by, matter=convention.matter, on=on)
    convention.dossier_complete_on = on
    _save(convention, by)


def recognised_on(convention: Convention) -> date | None:
    matter = convention.matter
    if matter is None or matter.status not in (MatterStatus.RECOGNISED,):
        return None
    return matter.recognition.recognised_on


def _ended(convention: Convention) -> bool:
    """A convention that will not be recognised: refused, annulled, not adopted, or its vote given up."""
    matter = convention.matter
    return bool(matter) and (
        matter.status in (MatterStatus.REFUSED, MatterStatus.ANNULLED)
        or (matter.status in VOTED and not adopted(convention))
    )


def is_in_force(convention: Convention, on: date | None = None) -> bool:
    """Recognised, not repealed, not replaced by a recognised amendment (a suspended one is still in force, held);
    on the day `on` if given (a past year's report counts those in force at its end)."""
    on = on or timezone.localdate()
    day = recognised_on(convention)
    return (
        day is not None
        and day <= on
        and not (convention.repealed_on and convention.repealed_on <= on)
        and not any((r := recognised_on(a)) and r <= on for a in convention.amendments.all())
    )


def current_text(convention: Convention) -> str:
    """The convention's text as last put to the residents, to start an amendment from (it replaces the whole)."""
    if convention.consultation is None:
        return ""
    version = consultations.current_version(convention.consultation)
    if version is None:
        return ""
    return "\n".join(f"{s.heading}\n{s.text}".strip() for s in version.sections.order_by("position"))


@transaction.atomic
def dispatch(*, by, convention: Convention, on: date) -> None:
    """The recognised text to the village head and the Front's village committee, within 2 working days (Art. 18)."""
    convention = _locked(convention)
    day = recognised_on(convention)
    if day is None:
        raise ValidationError(_("The text is sent once the commune recognised it."))
    if convention.dispatched_on:
        raise ValidationError(_("The sending is already recorded."))
    _not_after_today("on", on)
    if on < day:
        raise ValidationError({"on": [_("The text is sent on or after the day it was recognised.")]})
    convention.dispatched_on = on
    _save(convention, by)


def _decision(number: str) -> str:
    return _line(number, "number", 60, _("Write the number of the commune's decision."))


@transaction.atomic
def suspend(*, by, convention: Convention, reported_on: date, suspended_on: date, number: str, reasons: str) -> None:
    """Carrying out all or part of it is suspended on a written report of a breach, within 3 working days (Art. 12)."""
    convention = _locked(convention)
    if not is_in_force(convention) or convention.suspended_on:
        raise ValidationError(_("Only a convention in force, not already suspended, is suspended."))
    _not_after_today("suspended_on", suspended_on, recognised_on(convention))
    _not_after_today("reported_on", reported_on, recognised_on(convention))
    if reported_on > suspended_on:
        raise ValidationError({"reported_on": [_("The report comes before the suspension.")]})
    convention.suspension_reported_on, convention.suspended_on = reported_on, suspended_on
    convention.suspension_number, convention.suspension_reasons = _decision(number), _reasons(reasons, "reasons")
    _save(convention, by)


def suspension_late(convention: Convention) -> bool:
    if not (convention.suspended_on and convention.suspension_reported_on):
        return False
    due = add_working_days(convention.suspension_reported_on, convention.book.suspension_working_days)
    return convention.suspended_on > due


@transaction.atomic
def repeal(*, by, convention: Convention, repealed_on: date, number: str, reasons: str) -> None:
    """The commune People's Committee repeals a convention contrary to law or no longer fitting (Art. 14)."""
    convention = _locked(convention)
    if not is_in_force(convention):
        raise ValidationError(_("Only a convention in force is repealed."))
    _not_after_today("repealed_on", repealed_on, recognised_on(convention))
    convention.repealed_on, convention.repeal_number = repealed_on, _decision(number)
    convention.repeal_reasons = _reasons(reasons, "reasons")
    _save(convention, by)


@transaction.atomic
def review(*, by, convention: Convention, year: int, reviewed_on: date, summary: str) -> Review:
    """The yearly review of how it is carried out (Art. 15 §4), reported to the commune (Art. 19 §1(e))."""
    convention = _locked(convention)
    if not is_in_force(convention):
        raise ValidationError(_("A convention is reviewed while it is in force."))
    _not_after_today("reviewed_on", reviewed_on, recognised_on(convention))
    if reviewed_on.year != year:
        raise ValidationError({"reviewed_on": [_("The review is held in the year it reviews.")]})
    if convention.reviews.filter(year=year).exists():
        raise ValidationError(_("This year's review is already recorded."))
    made = Review(
        convention=convention, year=year, reviewed_on=reviewed_on, summary=_reasons(summary, "summary"), created_by=by
    )
    _save(made, by)
    return made
