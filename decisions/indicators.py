"""Dân bàn và quyết định indicators for the steering committee's scorecards."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from decisions.models import Matter, MatterStatus, RollEntry
from grassroots.indicators import commune_of, communes_of, indicator, share


def _closed(province, year):
    return Matter.objects.filter(
        unit_path__startswith=province.path,
        closed_at__year=year,
        status__in=[MatterStatus.CLOSED, MatterStatus.RECOGNISED],
    )


@indicator("decisions_held", label=_("Household decisions held"), source=_("Household votes"), percent=False, order=20)
def held(province, year):
    communes = communes_of(province)
    values = {pk: 0 for pk in communes.values()}
    for path in _closed(province, year).values_list("unit_path", flat=True):
        if (pk := communes.get(commune_of(path))) is not None:
            values[pk] += 1
    return values


@indicator(
    "decisions_turnout",
    label=_("Turnout in household decisions (%)"),
    source=_("Household votes"),
    percent=True,
    order=21,
)
def turnout(province, year):
    communes = communes_of(province)
    took_part, roll = {}, {}
    rows = (
        RollEntry.objects.filter(matter__in=_closed(province, year))
        .values("matter__unit_path")
        .annotate(n=Count("id"), part=Count("id", filter=~Q(voted_via="") | Q(attended=True)))
    )
    for row in rows:
        pk = communes.get(commune_of(row["matter__unit_path"]))
        if pk is not None:
            roll[pk] = roll.get(pk, 0) + row["n"]
            took_part[pk] = took_part.get(pk, 0) + row["part"]
    return {pk: share(took_part.get(pk, 0), roll.get(pk, 0)) for pk in communes.values()}


@indicator(
    "decisions_recognised",
    label=_("Results recognised by the commune (%)"),
    source=_("Household votes"),
    percent=True,
    order=22,
)
def recognised(province, year):
    communes = communes_of(province)
    done, total = {}, {}
    for path, status in _closed(province, year).values_list("unit_path", "status"):
        pk = communes.get(commune_of(path))
        if pk is not None:
            total[pk] = total.get(pk, 0) + 1
            done[pk] = done.get(pk, 0) + (status == MatterStatus.RECOGNISED)
    return {pk: share(done.get(pk, 0), total.get(pk, 0)) for pk in communes.values()}
