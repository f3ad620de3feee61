"""Vietnamese working days: Monday to Friday, minus public holidays (Tết by the lunar calendar included), with the
year's changes officials record (a Saturday worked to make up for a bridged holiday, an extra day off: workdays)."""

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("VN", years=year))


def is_working_day_by_law(day: date) -> bool:
    """Monday to Friday and not a public holiday: the calendar before any recorded change."""
    return day.weekday() < 5 and day not in _holidays(day.year)


def _changes(start: date, end: date) -> dict[date, bool]:
    from workdays.models import CalendarChange

    return dict(CalendarChange.objects.filter(day__range=(start, end)).values_list("day", "working"))


def is_working_day(day: date) -> bool:
    return _changes(day, day).get(day, is_working_day_by_law(day))


def add_working_days(start: date, count: int) -> date:
    """The `count`-th working day after `start` (the day of `start` itself is not counted). One query reads the
    recorded changes of the span (a fortnight of holidays and a month of count fit in it)."""
    changes = _changes(start, start + timedelta(days=count * 3 + 31))
    day = start
    while count > 0:
        day += timedelta(days=1)
        if changes.get(day, is_working_day_by_law(day)):
            count -= 1
    return day
