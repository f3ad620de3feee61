"""Writes for village heads' elections and dismissals. Each service is one transaction; views and the demo call them.

Permission checks belong to the caller (the scoping layer); services check the data and the law (village_heads.rules,
Decree 59/2023 Art. 3, 6–9). The votes themselves are decisions.Matter, made here once the preparation is done.
"""

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from decisions import selectors as decision_selectors
from decisions import services as decisions
from decisions.models import VOTED, Matter, MatterStatus, MatterType
from grassroots import documents
from grassroots.validators import plain_text, reject_html, reject_invisible
from households.models import Household
from localities.models import AdministrativeUnit, Level
from village_heads import rules
from village_heads.models import Candidate, CandidateSource, Dismissal, DismissalReason, HeadElection

NAME_MAX = 200


def _name(value: str, field: str = "name") -> str:
    """One person's name: plain text on one line, no control or direction characters (which would let a name
    print backwards on the ballot), at most 200 characters."""
    name = " ".join((value or "").split())
    if not name:
        raise ValidationError({field: [_("Write the person's name.")]})
    try:
        reject_invisible(name)
    except ValidationError as exc:
        raise ValidationError({field: [_("A name may not hold invisible or control characters.")]}) from exc
    reject_html(name)
    if len(name) > NAME_MAX:
        raise ValidationError({field: [_("A name has at most 200 characters.")]})
    return name


def _line(value: str, field: str, most: int, missing: str = "") -> str:
    return plain_text(value, field, most, missing=missing)


def _names(values: list[str], field: str) -> list[str]:
    names = [_name(v, field) for v in values if v.strip()]
    if len({n.casefold() for n in names}) != len(names):
        raise ValidationError({field: [_("The same name is written twice.")]})
    return names


def _team_cannot_stand() -> str:
    return _("A member of the election team cannot stand (%(article)s).") % {"article": f"{rules.DECREE} Điều 6"}


def _village(village: AdministrativeUnit) -> None:
    if village.level != Level.VILLAGE or not village.is_active:
        raise ValidationError(_("A village head is elected by the households of a village or residential group."))


def _not_after_today(field: str, on: date, today: date) -> None:
    if on > today:
        raise ValidationError({field: [_("This date is still to come: record a step once it is done.")]})
    if on < today - timedelta(days=rules.MOST_BACK_DAYS):
        raise ValidationError({field: [_("This date is more than a year ago: check the year.")]})


def _not_too_far(field: str, on: date, today: date) -> None:
    if on > today + timedelta(days=rules.MOST_AHEAD_DAYS):
        raise ValidationError({field: [_("This date is more than a year ahead: check the year.")]})


def _text(value: str, field: str, most: int) -> str:
    """Free text (several lines allowed): plain, without invisible or control characters, at most `most`."""
    return plain_text(value, field, most, multiline=True)


def _locked(model, obj):
    """The row again, locked until the transaction ends: two clicks at once take turns, the second sees the first."""
    return model.objects.select_for_update().get(pk=obj.pk)


def _on_time(election: HeadElection, key: str, on: date, field: str = "on") -> None:
    step = next(s for s in election.book.steps if s.key == key)
    latest = rules.latest_day(step, election.election_day)
    if on > latest:
        raise ValidationError(
            {
                field: [
                    _(
                        "This step is due at least %(days)s days before the election, by %(latest)s (%(article)s). "
                        "Move the election day, or record the date the step was done if it was earlier."
                    )
                    % {"days": step.days_before, "latest": f"{latest:%d/%m/%Y}", "article": step.article}
                ]
            }
        )


def _after_plan(election: HeadElection, on: date) -> None:
    if on < election.plan_on:
        raise ValidationError(
            {"on": [_("A step comes after the commune's plan of %(day)s.") % {"day": f"{election.plan_on:%d/%m/%Y}"}]}
        )


def _preparing(election: HeadElection) -> None:
    if election.cancelled_on:
        raise ValidationError(_("The election was cancelled."))
    if election.matter_id is not None:
        raise ValidationError(_("The meeting is prepared: the preparation can no longer change."))


def _save(obj, by) -> None:
    obj._history_user = by
    obj.save()


def _open_election(village: AdministrativeUnit) -> HeadElection | None:
    """An election of the village still under way: not voted yet (a cancelled vote ends it too)."""
    for election in HeadElection.objects.filter(village=village, cancelled_on=None).select_related("matter"):
        if election.matter is None or election.matter.status in (MatterStatus.DRAFT, MatterStatus.OPEN):
            return election
    return None


@transaction.atomic
def plan_election(
    *,
    by,
    village: AdministrativeUnit,
    election_day: date,
    meeting_place: str,
    plan_on: date,
    plan_number: str = "",
    repeat_of: HeadElection | None = None,
    after_dismissal: Dismissal | None = None,
    today: date | None = None,
) -> HeadElection:
    """The commune chairman's decision and plan (Decree 59/2023 Art. 6), at least 20 days before the meeting."""
    _village(village)
    today = today or timezone.localdate()
    AdministrativeUnit.objects.select_for_update().filter(pk=village.pk).first()  # one election at a time
    if (other := _open_election(village)) is not None:
        raise ValidationError(
            _("The village already has an election under way (on %(day)s).") % {"day": f"{other.election_day:%d/%m/%Y}"}
        )
    if election_day < today:
        raise ValidationError({"election_day": [_("The election day has passed.")]})
    _not_too_far("election_day", election_day, today)
    _not_after_today("plan_on", plan_on, today)
    not_before = repeat_of.election_day if repeat_of else (dismissed_on(after_dismissal) if after_dismissal else None)
    if not_before and plan_on < not_before:
        raise ValidationError(
            {"plan_on": [_("The new election is decided on or after %(day)s.") % {"day": f"{not_before:%d/%m/%Y}"}]}
        )
    place = _line(meeting_place, "meeting_place", 200, _("Say where the meeting is held."))
    number = _line(plan_number, "plan_number", 60)
    book = rules.book_on(today)
    election = HeadElection(
        village=village,
        unit_path=village.path,
        rule_version=book.version,
        election_day=election_day,
        meeting_place=place,
        plan_on=plan_on,
        plan_number=number,
        repeat_of=repeat_of,
        after_dismissal=after_dismissal,
        created_by=by,
    )
    _on_time(election, "plan", plan_on, "plan_on")
    _save(election, by)
    return election


@transaction.atomic
def record_candidates(*, by, election: HeadElection, names: list[str], on: date, today: date | None = None) -> None:
    """The Front's village committee fixes the official list, at least one person, at least 15 days before the
    meeting; its minutes go to the commune (Decree 59/2023 Art. 6; the minutes: village_heads.documents)."""
    election = _locked(HeadElection, election)
    _preparing(election)
    today = today or timezone.localdate()
    names = _names(names, "names")
    if len(names) > rules.MOST_OFFICIAL_CANDIDATES:
        raise ValidationError({"names": [_("At most %(n)s names.") % {"n": rules.MOST_OFFICIAL_CANDIDATES}]})
    if len(names) < election.book.min_official_candidates:
        raise ValidationError(
            {
                "names": [
                    _("The list holds at least one person (%(article)s).")
                    % {"article": election.book.candidates_article}
                ]
            }
        )
    _not_after_today("on", on, today)
    _after_plan(election, on)
    _on_time(election, "candidates", on)
    team = {n.casefold() for n in election.team}
    if any(n.casefold() in team for n in names):
        raise ValidationError({"names": [_team_cannot_stand()]})
    election.candidates.filter(source=CandidateSource.FRONT_LIST).delete()
    for name in names:
        Candidate.objects.create(election=election, name=name, source=CandidateSource.FRONT_LIST, added_by=by)
    election.candidates_on = on
    _save(election, by)


@transaction.atomic
def record_team(*, by, election: HeadElection, names: list[str], on: date, today: date | None = None) -> None:
    """The election team, led by the Front's village committee representative (the first name), at least 10 days
    before the meeting; nobody on it stands for election (Decree 59/2023 Art. 6)."""
    election = _locked(HeadElection, election)
    _preparing(election)
    today = today or timezone.localdate()
    names = _names(names, "team")
    if not names:
        raise ValidationError({"team": [_("Name the election team, its leader first.")]})
    _not_after_today("on", on, today)
    _after_plan(election, on)
    _on_time(election, "team", on)
    standing = {c.name.casefold() for c in election.candidates.all()}
    if any(n.casefold() in standing for n in names):
        raise ValidationError({"team": [_team_cannot_stand()]})
    election.team, election.team_on = names, on
    _save(election, by)


@transaction.atomic
def record_publicity(*, by, election: HeadElection, on: date, how: str, today: date | None = None) -> None:
    """The decisions made known to the residents at least 7 days before the meeting (Decree 59/2023 Art. 6)."""
    election = _locked(HeadElection, election)
    _preparing(election)
    today = today or timezone.localdate()
    how = _line(how, "how", 200, _("Say how the residents were told (posted at the hall, radio…)."))
    _not_after_today("on", on, today)
    _after_plan(election, on)
    _on_time(election, "publicity", on)
    election.publicity_on, election.publicity_how = on, how
    _save(election, by)


def missing_steps(election: HeadElection) -> list[str]:
    done = {
        "plan": election.plan_on,
        "candidates": election.candidates_on,
        "team": election.team_on,
        "publicity": election.publicity_on,
    }
    return [str(rules.STEP_WORDS[s.key]) for s in election.book.steps if done[s.key] is None]


@transaction.atomic
def prepare_meeting(*, by, election: HeadElection, meeting_at: datetime, notice_given_on: date) -> Matter:
    """The election meeting's vote, once every step of Art. 6 is done on time: one name chosen among the
    candidates, decided at the meeting (Law 10/2022 Art. 17 §2), elected with more than 50% of all households."""
    election = _locked(HeadElection, election)
    _preparing(election)
    if missing := missing_steps(election):
        raise ValidationError(_("Still to do before the meeting: %(steps)s.") % {"steps": "; ".join(missing)})
    if timezone.localtime(meeting_at).date() != election.election_day:
        raise ValidationError(
            {
                "meeting_at": [
                    _("The meeting is on the election day, %(day)s.") % {"day": f"{election.election_day:%d/%m/%Y}"}
                ]
            }
        )
    names = [c.name for c in election.candidates.all()]
    village = election.village
    matter = decisions.create_matter(
        by=by,
        village=village,
        data=decisions.MatterInput(
            matter_type=MatterType.VILLAGE_HEAD_ELECTION,
            title=f"Bầu {documents.office_of(village)}",
            question=f"Chọn một người làm {documents.office_of(village)}",
            ballot_kind="choose_one",
            options=names,
            meeting_at=meeting_at,
            meeting_place=election.meeting_place,
            notice_given_on=notice_given_on,
            online_voting=False,
        ),
        prepared=True,
    )
    election.matter = matter
    _save(election, by)
    return matter


@transaction.atomic
def nominate(*, by, election: HeadElection, name: str, source: str, nominated_by: str = "") -> Candidate:
    """A resident who stands at the meeting, or is nominated from the floor, before the vote opens (Decree 59/2023
    Art. 3 §5(b)); the name goes on the ballot."""
    if source not in (CandidateSource.SELF, CandidateSource.FLOOR):
        raise ValidationError({"source": [_("Choose how the person came forward.")]})
    election = _locked(HeadElection, election)
    matter = election.matter
    if matter is None:
        raise ValidationError(_("Nominations at the meeting are taken once the meeting is prepared."))
    if matter.status != MatterStatus.DRAFT:
        raise ValidationError(_("Nominations are taken before voting opens."))
    name = _name(name)
    # Standing oneself names nobody else; a nomination from the floor names who nominated.
    nominated_by = _name(nominated_by, "nominated_by") if source == CandidateSource.FLOOR else ""
    if election.candidates.count() >= rules.MOST_CANDIDATES:
        raise ValidationError(_("At most %(n)s candidates on one ballot.") % {"n": rules.MOST_CANDIDATES})
    if name.casefold() in {n.casefold() for n in election.team}:
        raise ValidationError({"name": [_team_cannot_stand()]})
    if name.casefold() in {c.name.casefold() for c in election.candidates.all()}:
        raise ValidationError({"name": [_("This person is already a candidate.")]})
    decisions.add_option(by=by, matter=matter, label=name)
    return Candidate.objects.create(election=election, name=name, source=source, nominated_by=nominated_by, added_by=by)


def winner(election: HeadElection) -> str | None:
    """The name elected, once voted: more than 50% of all households (the decisions rule decides)."""
    matter = election.matter
    if matter is None or matter.status not in VOTED or not matter.result:
        return None
    keys = matter.result.get("winners") or []
    if len(keys) != 1:
        return None
    return next((o.label for o in matter.options.all() if o.key == keys[0]), None)


def nobody_elected(election: HeadElection) -> bool:
    matter = election.matter
    return bool(matter and matter.status in VOTED and winner(election) is None) or bool(
        matter and matter.status == MatterStatus.REFUSED
    )


@transaction.atomic
def decide_new_election(
    *, by, election: HeadElection, election_day: date, meeting_place: str, plan_on: date, plan_number: str = ""
) -> HeadElection:
    """Nobody was elected, or the commune did not recognise the one elected: the commune People's Committee decides
    a new election (Decree 59/2023 Art. 3 §5(d), Art. 8). It is prepared again, step by step."""
    election = _locked(HeadElection, election)
    if not nobody_elected(election):
        raise ValidationError(_("A new election is decided only when nobody was elected or the result was refused."))
    if election.repeats.exists():
        raise ValidationError(_("A new election has already been decided."))
    return plan_election(
        by=by,
        village=election.village,
        election_day=election_day,
        meeting_place=meeting_place,
        plan_on=plan_on,
        plan_number=plan_number,
        repeat_of=election,
        after_dismissal=election.after_dismissal,
    )


# Dismissals (Decree 59/2023 Art. 9)


@transaction.atomic
def ask_dismissal(
    *,
    by,
    village: AdministrativeUnit,
    head_name: str,
    reason: str,
    asked_on: date,
    details: str = "",
    petition_households: int | None = None,
    today: date | None = None,
) -> Dismissal:
    _village(village)
    today = today or timezone.localdate()
    if reason not in DismissalReason.values:
        raise ValidationError({"reason": [_("Choose why the dismissal is asked for.")]})
    AdministrativeUnit.objects.select_for_update().filter(pk=village.pk).first()  # one request at a time
    head_name = _name(head_name, "head_name")
    _not_after_today("asked_on", asked_on, today)
    details = _text(details, "details", 5000)
    from village_heads.selectors import current_head

    head = current_head(village)
    if head is not None and head.name.casefold() != head_name.casefold():
        raise ValidationError({"head_name": [_("The village's head on record is %(name)s.") % {"name": head.name}]})
    book = rules.book_on(today)
    households = Household.objects.active().filter(village=village).count()
    if reason == DismissalReason.PETITION:
        if petition_households is None:
            raise ValidationError({"petition_households": [_("Say how many households signed the petition.")]})
        if petition_households > households:
            raise ValidationError(
                {"petition_households": [_("There are %(n)s households on the register.") % {"n": households}]}
            )
        if not rules.petition_enough(petition_households, households, book):
            raise ValidationError(
                {
                    "petition_households": [
                        _(
                            "A petition needs at least half of all %(n)s households: %(needed)s signatures, "
                            "%(signed)s given (%(article)s)."
                        )
                        % {
                            "n": households,
                            "needed": rules.petition_needed(households, book),
                            "signed": petition_households,
                            "article": book.dismissal_article,
                        }
                    ]
                }
            )
    else:
        petition_households = None
    if any(under_way(d) for d in Dismissal.objects.filter(village=village).select_related("matter")):
        raise ValidationError(_("A dismissal of this village's head is already under way."))
    dismissal = Dismissal(
        village=village,
        unit_path=village.path,
        rule_version=book.version,
        head_name=head_name,
        reason=reason,
        asked_on=asked_on,
        details=details,
        petition_households=petition_households,
        households=households,
        created_by=by,
    )
    _save(dismissal, by)
    return dismissal


@transaction.atomic
def prepare_dismissal_meeting(
    *, by, dismissal: Dismissal, meeting_at: datetime, meeting_place: str, notice_given_on: date
) -> Matter:
    """The meeting, convened by the head of the Front's village committee (Decree 59/2023 Art. 3 §1(c)), decides
    with more than 50% of all households (Law 10/2022 Art. 21 §1); the commune People's Committee recognises it."""
    dismissal = _locked(Dismissal, dismissal)
    if dismissal.cancelled_on:
        raise ValidationError(_("The request was withdrawn."))
    if dismissal.matter_id is not None:
        raise ValidationError(_("The meeting is already prepared."))
    today = timezone.localdate()
    day = timezone.localtime(meeting_at).date()
    if day < dismissal.asked_on:
        raise ValidationError(
            {
                "meeting_at": [
                    _("The meeting comes after the request of %(day)s.") % {"day": f"{dismissal.asked_on:%d/%m/%Y}"}
                ]
            }
        )
    _not_too_far("meeting_at", day, today)
    meeting_place = _line(meeting_place, "meeting_place", 200, _("Say where the meeting is held."))
    village = dismissal.village
    matter = decisions.put_at_meeting(
        by=by,
        village=village,
        matter_type=MatterType.VILLAGE_HEAD_DISMISSAL,
        title=f"Cho thôi làm {documents.office_of(village)}: {dismissal.head_name}",
        question=f"Đồng ý cho ông (bà) {dismissal.head_name} thôi làm {documents.office_of(village)}?",
        meeting_at=meeting_at,
        meeting_place=meeting_place,
        notice_given_on=notice_given_on,
    )
    dismissal.matter = matter
    _save(dismissal, by)
    return matter


def dismissal_failed_at_meeting(dismissal: Dismissal) -> bool:
    matter = dismissal.matter
    return bool(matter and matter.status in VOTED) and not decision_selectors.said_yes(matter)


def dismissed_on(dismissal: Dismissal) -> date | None:
    """The day the dismissal took effect: the commune's recognition of the vote, or its own decision."""
    if dismissal.commune_dismissed:
        return dismissal.commune_decided_on
    matter = dismissal.matter
    if matter is not None and matter.status == MatterStatus.RECOGNISED:
        return matter.recognition.recognised_on
    return None


@transaction.atomic
def commune_decides_dismissal(
    *, by, dismissal: Dismissal, decided_on: date, decision_number: str, dismissed: bool, today: date | None = None
) -> Dismissal:
    """The meeting did not agree: the commune People's Committee decides, agreeing with the commune Front
    (Decree 59/2023 Art. 9)."""
    dismissal = _locked(Dismissal, dismissal)
    if not dismissal_failed_at_meeting(dismissal):
        raise ValidationError(_("The commune decides only after a meeting that did not agree."))
    if dismissal.commune_decided_on is not None:
        raise ValidationError(_("The commune has already decided."))
    _not_after_today("decided_on", decided_on, today or timezone.localdate())
    voted_on = timezone.localdate(dismissal.matter.closed_at)
    if decided_on < voted_on:
        raise ValidationError(
            {"decided_on": [_("The commune decides after the meeting of %(day)s.") % {"day": f"{voted_on:%d/%m/%Y}"}]}
        )
    number = _line(decision_number, "decision_number", 60, _("Write the number of the commune's decision."))
    dismissal.commune_decided_on, dismissal.commune_decision_number = decided_on, number
    dismissal.commune_dismissed = dismissed
    _save(dismissal, by)
    return dismissal


@transaction.atomic
def appoint_acting(*, by, dismissal: Dismissal, name: str, acting_from: date, today: date | None = None) -> Dismissal:
    """Once the head is dismissed, the commune People's Committee, agreeing with the commune Front, appoints an
    acting head until the new one is recognised (Decree 59/2023 Art. 9 §3)."""
    dismissal = _locked(Dismissal, dismissal)
    effective = dismissed_on(dismissal)
    if effective is None:
        raise ValidationError(_("An acting head is appointed once the dismissal has taken effect."))
    name = _name(name)
    _not_after_today("acting_from", acting_from, today or timezone.localdate())
    if acting_from < effective:
        raise ValidationError({"acting_from": [_("The acting head starts on or after the dismissal's day.")]})
    dismissal.acting_head, dismissal.acting_from = name, acting_from
    _save(dismissal, by)
    return dismissal


def under_way(dismissal: Dismissal) -> bool:
    """Asked for and not yet over: not withdrawn, not taken effect, not refused or annulled, not kept by the commune."""
    if dismissal.cancelled_on or dismissed_on(dismissal) or dismissal.commune_decided_on:
        return False
    matter = dismissal.matter
    return not (matter and matter.status in (MatterStatus.REFUSED, MatterStatus.ANNULLED, MatterStatus.CANCELLED))


def _give_up(model, obj, by, reason: str, gone: str, opened: str):
    """An election cancelled or a request withdrawn before its vote opens, with the reason; its draft vote too."""
    obj = _locked(model, obj)
    if obj.cancelled_on:
        raise ValidationError(gone)
    if obj.matter is not None and obj.matter.status != MatterStatus.DRAFT:
        raise ValidationError(opened)
    obj.cancel_reason = _text(reason, "reason", 5000) or _missing_reason()
    if obj.matter is not None:
        decisions.cancel_draft(by=by, matter=obj.matter)
    obj.cancelled_on = timezone.localdate()
    _save(obj, by)
    return obj


@transaction.atomic
def cancel_election(*, by, election: HeadElection, reason: str) -> HeadElection:
    """An election given up before its vote opens (a wrong date, a plan withdrawn): the village may start another."""
    return _give_up(
        HeadElection,
        election,
        by,
        reason,
        _("The election was cancelled."),
        _("Voting has opened: the election is no longer cancelled."),
    )


@transaction.atomic
def withdraw_dismissal(*, by, dismissal: Dismissal, reason: str) -> Dismissal:
    """A request withdrawn before its vote opens."""
    return _give_up(
        Dismissal,
        dismissal,
        by,
        reason,
        _("The request was withdrawn."),
        _("Voting has opened: the request is no longer withdrawn."),
    )


def _missing_reason():
    raise ValidationError({"reason": [_("Give the reason.")]})
