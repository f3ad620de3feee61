"""Scorecards: every registered indicator for every commune of a province and year, a composite score and a rank.

The composite puts indicators on one 0-100 scale: a share is taken as it is, a count as a share of the
province's highest count that year. A commune is scored on the indicators that have a value for it (a commune
that held no vote is not marked down on turnout). The head of each commune's steering committee on the last
day of the year is shown as accountable. Communes with the same score share a rank.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from grassroots.indicators import Indicator, registered  # noqa: F401  (views read the registry through here)
from localities.models import AdministrativeUnit, Level
from steering.models import Membership, Position


@dataclass
class Row:
    commune: AdministrativeUnit
    values: dict[str, float | None]
    head: str = ""
    score: float | None = None
    rank: int | None = None
    cells: list = field(default_factory=list)  # values in the indicators' order, for templates


@dataclass
class Scorecard:
    province: AdministrativeUnit
    year: int
    indicators: list[Indicator]
    rows: list[Row]

    def province_figures(self) -> list[float | None]:
        """Per indicator, the province's figure: a share is its communes' average, a count their total."""
        result = []
        for indicator in self.indicators:
            values = [r.values[indicator.key] for r in self.rows if r.values.get(indicator.key) is not None]
            if not values:
                result.append(None)
            else:
                result.append(round(sum(values) / len(values), 1) if indicator.percent else sum(values))
        return result


def _scaled(indicator: Indicator, value: float | None, highest: float) -> float | None:
    if value is None:
        return None
    if indicator.percent:
        return value
    return 100 * value / highest if highest else None


def heads(communes: list[AdministrativeUnit], on: date) -> dict[int, str]:
    """The head of each commune's committee for grassroots democracy on `on`."""
    rows = (
        Membership.objects.filter(
            committee__unit__in=communes,
            committee__kind="grassroots_democracy",
            position=Position.HEAD,
            starts_on__lte=on,
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .values_list("committee__unit_id", "name", "agency")
    )
    return {unit_id: f"{name} ({agency})" for unit_id, name, agency in rows}


def scorecard(province: AdministrativeUnit, year: int) -> Scorecard:
    indicators = registered()
    communes = list(province.children.filter(level=Level.COMMUNE, is_active=True).order_by("name"))
    computed = {i.key: i.compute(province, year) for i in indicators}
    highest = {i.key: max((v for v in computed[i.key].values() if v is not None), default=0) for i in indicators}
    accountable = heads(communes, date(year, 12, 31))
    rows = []
    for commune in communes:
        values = {i.key: computed[i.key].get(commune.pk) for i in indicators}
        scaled = [s for i in indicators if (s := _scaled(i, values[i.key], highest[i.key])) is not None]
        rows.append(
            Row(
                commune,
                values,
                head=accountable.get(commune.pk, ""),
                score=round(sum(scaled) / len(scaled), 1) if scaled else None,
                cells=[values[i.key] for i in indicators],
            )
        )
    # Communes with the same score share a rank (1, 2, 2, 4): a tie at zero is not "fourth".
    ranked = sorted((r for r in rows if r.score is not None), key=lambda r: (-r.score, r.commune.name))
    previous = None
    for position, row in enumerate(ranked, 1):
        row.rank = previous.rank if previous and previous.score == row.score else position
        previous = row
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.commune.name))
    return Scorecard(province, year, indicators, rows)


def commune_history(commune: AdministrativeUnit, years: list[int]) -> list[tuple[int, Row | None, int]]:
    """The commune's row in each year's province scorecard, with the number of communes ranked."""
    history = []
    for year in years:
        card = scorecard(commune.parent, year)
        row = next((r for r in card.rows if r.commune.pk == commune.pk), None)
        history.append((year, row, sum(1 for r in card.rows if r.rank is not None)))
    return history
