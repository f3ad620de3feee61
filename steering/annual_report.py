"""The annual evaluation report as a DOCX in the Decree 30/2020 layout, its figures and chart from the data.

Figures come from the same scorecard the province dashboard shows (steering.scorecards), from the committee's
programme, inspections and conferences; the narrative sections are the officials' own text. Generation runs as
a background task that reports its progress on the report's row. An official paper: Vietnamese whatever the
reader's UI language.
"""

import io
from collections.abc import Callable
from datetime import date

from django.db.models import Count, Q
from django.utils import timezone, translation
from docx.shared import Cm
from matplotlib.figure import Figure  # drawn without pyplot: no display, no global state between reports

from grassroots import documents
from localities.models import Level
from steering import scorecards
from steering.documents import party_committee_of
from steering.models import AnnualReport, Inspection, InspectionStatus, Recommendation, Task, TaskStatus


def _province(committee):
    unit = committee.unit
    return unit if unit.level == Level.PROVINCE else next(u for u in unit.ancestors() if u.level == Level.PROVINCE)


def _number(value) -> str:
    """Figures as Vietnamese writes them, as the dashboard shows them: 87,5 and 1.234."""
    if value is None:
        return "—"
    if isinstance(value, float):  # shares and scores, with their one decimal as the dashboard shows them
        return documents.number(value, 1)
    return documents.number(int(value))


def gather(committee, year: int) -> dict:
    """Everything the report states as a figure, as plain data (kept on the report's version)."""
    card = scorecards.scorecard(_province(committee), year)
    rows = card.rows
    if committee.unit.level == Level.COMMUNE:
        rows = [r for r in rows if r.commune.pk == committee.unit_id]
    tasks = Task.objects.filter(programme__committee=committee, programme__year=year)
    task_counts = tasks.aggregate(
        total=Count("id"),
        done=Count("id", filter=Q(status=TaskStatus.DONE)),
        overdue=Count("id", filter=Q(deadline__lt=date(year, 12, 31)) & ~Q(status=TaskStatus.DONE)),
    )
    inspections = Inspection.objects.filter(committee=committee, scheduled_on__year=year)
    recommendations = Recommendation.objects.filter(inspection__in=inspections)
    return {
        "year": year,
        "indicators": [{"key": i.key, "label": str(i.label), "percent": i.percent} for i in card.indicators],
        "province": card.province_figures(),
        "communes": [
            {"name": str(r.commune), "rank": r.rank, "score": r.score, "head": r.head, "values": r.cells} for r in rows
        ],
        "tasks": task_counts,
        "inspections": {
            "planned": inspections.count(),
            "concluded": inspections.filter(status=InspectionStatus.DONE).count(),
            "recommendations": recommendations.count(),
            "closed": recommendations.filter(closed_on__isnull=False).count(),
        },
    }


def chart_png(figures: dict) -> bytes:
    ranked = [c for c in figures["communes"] if c["score"] is not None][:40]
    height = max(2.5, 0.28 * len(ranked) + 1)
    figure = Figure(figsize=(6.5, height), dpi=150)
    axes = figure.subplots()
    names = [f"{c['rank']}. {c['name']}" for c in ranked][::-1]
    axes.barh(names, [c["score"] for c in ranked][::-1], color="#1d4ed8")
    axes.set_xlim(0, 100)
    axes.set_xlabel("Điểm tổng hợp (0–100)")
    axes.set_title(f"Xếp hạng thực hiện dân chủ ở cơ sở năm {figures['year']}")
    axes.tick_params(axis="y", labelsize=7)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def build(report: AnnualReport, progress: Callable[[int], None] = lambda percent: None) -> tuple[bytes, dict]:
    with translation.override("vi"):
        return _build(report, progress)


def _build(report: AnnualReport, progress) -> tuple[bytes, dict]:
    committee, year = report.committee, report.year
    progress(10)
    figures = gather(committee, year)
    progress(50)
    unit = committee.unit
    header = documents.Header(
        superior=party_committee_of(unit),
        issuer=committee.name,
        number="Số:      /BC-BCĐ",
        place=documents.place_of(unit),
        on=timezone.localdate(),
    )
    doc = documents.new_document(
        header,
        "Báo cáo",
        f"Đánh giá kết quả thực hiện Quy chế dân chủ ở cơ sở năm {year}, phương hướng, nhiệm vụ năm {year + 1}",
    )
    documents.paragraph(doc, "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO", bold=True, indent=False)
    for line in filter(None, report.leadership.splitlines()):
        documents.paragraph(doc, line)
    tasks = figures["tasks"]
    inspections = {key: _number(value) for key, value in figures["inspections"].items()}
    documents.paragraph(
        doc,
        f"Chương trình công tác năm {year} có {_number(tasks['total'])} nhiệm vụ; đã hoàn thành "
        f"{_number(tasks['done'])}, chưa hoàn thành đúng hạn {_number(tasks['overdue'])}. Đã kiểm tra "
        f"{inspections['concluded']}/{inspections['planned']} đơn vị theo kế hoạch, với "
        f"{inspections['recommendations']} kiến nghị, trong đó {inspections['closed']} kiến nghị "
        "đã được thực hiện xong.",
    )
    documents.paragraph(doc, "II. KẾT QUẢ THỰC HIỆN", bold=True, indent=False)
    documents.table(
        doc,
        ["Chỉ tiêu", "Toàn tỉnh"],
        [[i["label"], _number(v)] for i, v in zip(figures["indicators"], figures["province"], strict=True)],
    )
    progress(70)
    doc.add_picture(io.BytesIO(chart_png(figures)), width=Cm(15))
    progress(85)
    documents.table(
        doc,
        ["Hạng", "Đơn vị", "Điểm", "Người đứng đầu"] + [i["label"] for i in figures["indicators"]],
        [
            [_number(c["rank"]), c["name"], _number(c["score"]), c["head"] or "—"] + [_number(v) for v in c["values"]]
            for c in figures["communes"]
        ],
    )
    documents.paragraph(doc, "III. ĐÁNH GIÁ CHUNG", bold=True, indent=False)
    for line in filter(None, report.assessment.splitlines()):
        documents.paragraph(doc, line)
    documents.paragraph(doc, f"IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {year + 1}", bold=True, indent=False)
    for line in filter(None, report.directions.splitlines()):
        documents.paragraph(doc, line)
    documents.signatures(
        doc,
        [documents.Signer("Trưởng ban", authority="TM. Ban Chỉ đạo")],
        recipients=["Ban Chỉ đạo cấp trên", "Lưu: VT"],
    )
    progress(95)
    return documents.to_bytes(doc), figures
