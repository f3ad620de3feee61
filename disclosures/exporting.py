"""The province roll-up as a chart on the page and as an XLSX workbook."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from disclosures.rules import Compliance
from disclosures.selectors import CommuneRollup
from grassroots.tabular import write_xlsx

# The judged states in the order the chart stacks them, with their colours (app.css uses the same).
CHART_STATES = [
    (Compliance.ON_TIME, "#2e7d32"),
    (Compliance.LATE, "#f9a825"),
    (Compliance.RADIO_SHORT, "#8e24aa"),
    (Compliance.TAKEN_DOWN_EARLY, "#ef6c00"),
    (Compliance.MISSING, "#c62828"),
]


def state_labels() -> dict[str, str]:
    return {
        Compliance.ON_TIME: _("On time"),
        Compliance.LATE: _("Late"),
        Compliance.TAKEN_DOWN_EARLY: _("Taken down early"),
        Compliance.RADIO_SHORT: _("Not on the radio long enough"),
        Compliance.MISSING: _("Missing"),
        Compliance.NOT_DUE: _("Not yet due"),
        Compliance.NO_EVENT: _("Nothing to disclose"),
    }


ROW = 30  # each commune: its name on one line, its bar below


@dataclass
class Segment:
    x: float
    width: float
    colour: str
    count: int
    label: str


@dataclass
class Bar:
    name: str
    y: int
    segments: list[Segment]
    share: float | None


def rollup_chart(rollup: list[CommuneRollup], width: float = 160.0) -> dict:
    """Geometry of a stacked horizontal bar per commune (percent widths), worst first, for an inline SVG."""
    labels = state_labels()
    total = max((sum(r.counts[s] for s, _c in CHART_STATES) for r in rollup), default=0) or 1
    ordered = sorted(rollup, key=lambda r: (r.share_on_time if r.share_on_time is not None else 2, r.commune.name))
    bars = []
    for index, row in enumerate(ordered):
        x, segments = 0.0, []
        for state, colour in CHART_STATES:
            count = row.counts[state]
            if count:
                w = width * count / total
                segments.append(Segment(round(x, 2), round(w, 2), colour, count, labels[state]))
                x += w
        bars.append(Bar(row.commune.name, index * ROW, segments, row.share_on_time))
    legend = [(labels[s], c) for s, c in CHART_STATES]
    return {"bars": bars, "height": len(bars) * ROW, "legend": legend}


def rollup_xlsx(province, year: int, rollup: list[CommuneRollup]) -> bytes:
    labels = state_labels()
    states = [s for s, _c in CHART_STATES] + [Compliance.NOT_DUE, Compliance.NO_EVENT]
    header = [_("Commune"), *(labels[s] for s in states), _("Share on time (%)")]
    rows = [
        [
            r.commune.name,
            *(r.counts[s] for s in states),
            round(100 * r.share_on_time, 1) if r.share_on_time is not None else "",
        ]
        for r in rollup
    ]
    title = _("Disclosure compliance %(year)s") % {"year": year}
    return write_xlsx(title, header, rows, stacked_chart=(f"{province.name} {year}", 2, 1 + len(CHART_STATES)))
