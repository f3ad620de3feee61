"""Dân biết indicators for the steering committee's scorecards."""

from django.utils.translation import gettext_lazy as _

from disclosures.selectors import province_rollup
from grassroots.indicators import indicator


@indicator(
    "disclosures_on_time",
    label=_("Mandated disclosures made on time (%)"),
    source=_("Public disclosure"),
    percent=True,
    order=10,
)
def on_time(province, year):
    # Law 10/2022 Art. 11-13: the items a commune must make public, on time, for the required period.
    return {
        row.commune.pk: (round(100 * row.share_on_time, 1) if row.share_on_time is not None else None)
        for row in province_rollup(province, year)
    }
