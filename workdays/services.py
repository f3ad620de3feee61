"""Writes for the working-day calendar: only a province-level system administrator changes it (it is every
commune's calendar, as the catalogue is)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from grassroots import working_days
from grassroots.validators import reject_html, reject_invisible
from workdays.models import CalendarChange


@transaction.atomic
def set_day(*, by, day: date, working: bool, reason: str) -> CalendarChange:
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": [_("Say why, with the decision that set it.")]})
    reject_html(reason)
    reject_invisible(reason)
    if len(reason) > 300:
        raise ValidationError({"reason": [_("At most 300 characters.")]})
    if working_days.is_working_day_by_law(day) == working:
        raise ValidationError({"working": [_("That day already is so in the calendar: nothing to change.")]})
    change, _created = CalendarChange.objects.update_or_create(
        day=day, defaults={"working": working, "reason": reason, "created_by": by}
    )
    return change


@transaction.atomic
def remove(*, by, change: CalendarChange) -> None:
    change._history_user = by
    change.delete()
