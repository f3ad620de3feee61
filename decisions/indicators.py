"""Dân bàn và quyết định indicators for the steering committee's scorecards."""

from django.utils.translation import gettext_lazy as _

from decisions.models import VOTED, Matter, MatterStatus
from grassroots.indicators import count_per_commune, indicator, share_per_commune


def _closed(province, year):
    return Matter.objects.filter(
        unit_path__startswith=province.path,
        closed_at__year=year,
        status__in=VOTED,
    )


@indicator("decisions_held", label=_("Household decisions held"), source=_("Household votes"), percent=False, order=20)
def held(province, year):
    return count_per_commune(province, _closed(province, year).values_list("unit_path", flat=True))


@indicator(
    "decisions_turnout",
    label=_("Turnout in household decisions (%)"),
    source=_("Household votes"),
    percent=True,
    order=21,
)
def turnout(province, year):
    # Households taking part (voted any way, or attended the meeting) of the roll, as frozen in the result when
    # voting closed: the figures the decision records (Law 10/2022 Art. 20 §2(b); decisions.services.close_voting).
    rows = _closed(province, year).values_list("unit_path", "result__roll", "result__participants")
    return share_per_commune(
        province, ((path, participants or 0, roll) for path, roll, participants in rows if roll is not None)
    )


@indicator(
    "decisions_recognised",
    label=_("Results recognised by the commune (%)"),
    source=_("Household votes"),
    percent=True,
    order=22,
)
def recognised(province, year):
    rows = _closed(province, year).values_list("unit_path", "status")
    return share_per_commune(province, ((path, status == MatterStatus.RECOGNISED, 1) for path, status in rows))
