"""One registry of indicators that score communes per year, fed by every module.

Each module declares its indicators in its own `indicators.py` (imported when its app is ready) with
`@indicator(...)`: a function of (province, year) returning a value per commune id, computed from that module's
data in a few grouped queries. The steering committee's scorecards, dashboard and annual report read only this
registry, so a new module (oversight, petitions) adds indicators without touching them.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

Values = dict[int, float | None]  # commune id -> value (None: nothing to judge that year)


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    source: str  # the module's name, shown beside the figure
    percent: bool  # a share in percent (0-100); otherwise a count
    compute: Callable[[object, int], Values]
    order: int = 0


_REGISTRY: dict[str, Indicator] = {}


def indicator(key: str, *, label, source, percent: bool, order: int = 0):
    """Register the decorated function `(province, year) -> {commune id: value}` as an indicator."""

    def register(compute):
        _REGISTRY[key] = Indicator(key, label, source, percent, compute, order)
        return compute

    return register


def registered() -> list[Indicator]:
    return sorted(_REGISTRY.values(), key=lambda i: (i.order, i.key))


def communes_of(province) -> dict[str, int]:
    """Path -> id of the province's active communes: how indicators map their rows' unit paths to communes."""
    from localities.models import AdministrativeUnit, Level

    return dict(
        AdministrativeUnit.objects.filter(parent=province, level=Level.COMMUNE, is_active=True).values_list(
            "path", "id"
        )
    )


def count_per_commune(province, paths: Iterable[str]) -> Values:
    """How many of the rows (given by their unit paths) fall in each of the province's communes."""
    communes = communes_of(province)
    values: Values = {pk: 0 for pk in communes.values()}
    for path in paths:
        if (pk := communes.get(commune_of(path))) is not None:
            values[pk] += 1
    return values


def share_per_commune(province, rows: Iterable[tuple[str, int, int]]) -> Values:
    """Per commune, the share in percent of the parts of the wholes, from (unit path, part, whole) rows; None
    where a commune has no whole (nothing to judge)."""
    communes = communes_of(province)
    parts: dict[int, int] = {}
    wholes: dict[int, int] = {}
    for path, part, whole in rows:
        if (pk := communes.get(commune_of(path))) is not None:
            parts[pk] = parts.get(pk, 0) + part
            wholes[pk] = wholes.get(pk, 0) + whole
    return {pk: share(parts.get(pk, 0), wholes.get(pk, 0)) for pk in communes.values()}


def commune_of(path: str) -> str:
    """The commune's path from any path under it: "/08/00691/0012/" -> "/08/00691/"."""
    return "/".join(path.split("/")[:3]) + "/"


def share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None
