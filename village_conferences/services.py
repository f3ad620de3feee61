"""Writes for annual village conferences (Law 10/2022 Art. 33; Decree 59/2023 Art. 10–11)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.validators import reject_html, reject_invisible
from households.models import Household
from localities.models import AdministrativeUnit, Level
from village_conferences import rules
from village_conferences.models import Conference


def _save(obj, by) -> None:
    obj._history_user = by
    obj.save()


def _lock(conference: Conference) -> None:
    """The row locked until the transaction ends, and the caller's object brought up to date with it."""
    Conference.objects.select_for_update().filter(pk=conference.pk).first()
    conference.refresh_from_db()


def _agenda(lines: list[str]) -> list[str]:
    items = [" ".join(line.split()) for line in lines if line.strip()]
    if not items:
        raise ValidationError({"agenda": [_("Write the agenda, one item per line.")]})
    for item in items:
        reject_html(item)
        reject_invisible(item)
        if len(item) > 300:
            raise ValidationError({"agenda": [_("An item has at most 300 characters.")]})
    if len(items) > 30:
        raise ValidationError({"agenda": [_("At most 30 items.")]})
    return items


@transaction.atomic
def plan(
    *,
    by,
    village: AdministrativeUnit,
    held_on: date,
    place: str,
    plan_sent_on: date,
    notice_on: date,
    agenda: list[str],
) -> Conference:
    """The year's conference: its plan sent beforehand (Art. 10), the households told at the latest 5 days before
    (Art. 11), once a year (Law Art. 33 §1)."""
    if village.level != Level.VILLAGE or not village.is_active:
        raise ValidationError(_("The conference is held by the community of a village or residential group."))
    today = timezone.localdate()
    book = rules.book_on(today)
    AdministrativeUnit.objects.select_for_update().filter(pk=village.pk).first()  # one plan at a time
    if abs((held_on - today).days) > 365:
        raise ValidationError({"held_on": [_("This date is more than a year away: check the year.")]})
    if (held_on - min(plan_sent_on, notice_on)).days > 365:
        raise ValidationError(_("The plan and the notice go out within the year before the conference."))
    place = " ".join((place or "").split())
    if not place:
        raise ValidationError({"place": [_("Say where the conference is held.")]})
    reject_html(place)
    if len(place) > 200:
        raise ValidationError({"place": [_("At most 200 characters.")]})
    if plan_sent_on > today or notice_on > today:
        raise ValidationError(_("Record the plan and the notice once they have gone out."))
    if plan_sent_on >= held_on:
        raise ValidationError(
            {"plan_sent_on": [_("The plan is sent before the conference (%(a)s).") % {"a": book.plan_article}]}
        )
    latest = rules.latest_notice(held_on, book)
    if notice_on > latest:
        raise ValidationError(
            {
                "notice_on": [
                    _("The households are told at the latest %(n)s days before, by %(d)s (%(a)s).")
                    % {"n": book.notice_days, "d": f"{latest:%d/%m/%Y}", "a": book.notice_article}
                ]
            }
        )
    if Conference.objects.filter(village=village, year=held_on.year).exists():
        raise ValidationError(
            _("This year's conference of the village is already planned (once a year: %(a)s).")
            % {"a": book.yearly_article}
        )
    conference = Conference(
        village=village,
        unit_path=village.path,
        rule_version=book.version,
        year=held_on.year,
        held_on=held_on,
        place=place,
        plan_sent_on=plan_sent_on,
        notice_on=notice_on,
        agenda=_agenda(agenda),
        created_by=by,
    )
    _save(conference, by)
    return conference


@transaction.atomic
def record_held(*, by, conference: Conference, households_present: int, summary: str) -> Conference:
    _lock(conference)
    if conference.report_sent_on:
        raise ValidationError(_("The report has been sent: the result it gives no longer changes."))
    if conference.held_on > timezone.localdate():
        raise ValidationError(_("The conference has not been held yet."))
    households = Household.objects.active().filter(village=conference.village).count()
    if households_present > households:
        raise ValidationError(
            {"households_present": [_("There are %(n)s households on the register.") % {"n": households}]}
        )
    summary = (summary or "").strip()
    if not summary:
        raise ValidationError({"summary": [_("Write what the conference concluded.")]})
    reject_html(summary)
    try:
        reject_invisible(summary, multiline=True)
    except ValidationError as exc:
        raise ValidationError({"summary": exc.messages}) from exc
    if len(summary) > 10000:
        raise ValidationError({"summary": [_("At most %(n)s characters.") % {"n": "10.000"}]})
    conference.households_present, conference.households, conference.summary = households_present, households, summary
    _save(conference, by)
    return conference


@transaction.atomic
def send_report(*, by, conference: Conference, sent_on: date) -> Conference:
    """The written report of the result to the commune People's Committee and the commune Front committee."""
    _lock(conference)
    if conference.report_sent_on:
        raise ValidationError(_("The sending is already recorded."))
    if not conference.summary:
        raise ValidationError(_("Record what the conference concluded first."))
    if sent_on < conference.held_on or sent_on > timezone.localdate():
        raise ValidationError({"sent_on": [_("The report is sent after the conference, and not later than today.")]})
    conference.report_sent_on = sent_on
    _save(conference, by)
    return conference
