"""A work programme as the committee sends it out: an XLSX table, or a DOCX in the Decree 30/2020 layout."""

from django.utils import timezone, translation

from grassroots import documents, tabular
from localities.models import Level
from steering.models import Programme

HEADER = ["STT", "Nội dung", "Chủ trì", "Phối hợp", "Thời hạn", "Sản phẩm", "Tiến độ (%)"]


def party_committee_of(unit) -> str:
    # The committee is set up by the Party committee of its level: that is the body above it on its papers.
    if unit.level != Level.PROVINCE:
        return f"Đảng ủy {unit.name}"
    body = "Thành ủy" if unit.name.startswith("Thành phố ") else "Tỉnh ủy"  # a centrally-run city's is its Thành ủy
    return f"{body} {documents.place_of(unit)}"


def _rows(programme: Programme) -> list[list]:
    return [
        [
            task.number,
            task.content,
            task.lead_agency + (f" ({task.lead.name})" if task.lead else ""),
            task.partners,
            task.deadline.strftime("%d/%m/%Y") if task.deadline else "",
            task.output,
            task.progress,
        ]
        for task in programme.tasks.select_related("lead").order_by("number")
    ]


def programme_xlsx(programme: Programme) -> bytes:
    return tabular.write_xlsx(f"Chương trình {programme.year}", HEADER, _rows(programme))


def programme_docx(programme: Programme) -> bytes:
    with translation.override("vi"):
        unit = programme.committee.unit
        header = documents.Header(
            superior=party_committee_of(unit),
            issuer=programme.committee.name,
            number="Số:      /CTr-BCĐ",
            place=documents.place_of(unit),
            on=programme.adopted_on or timezone.localdate(),
        )
        doc = documents.new_document(header, "Chương trình", f"{programme.title} năm {programme.year}")
        documents.table(doc, HEADER, _rows(programme), widths=[4, 2.5, 2.5, 1.8, 2.5, 1.5])
        documents.signatures(
            doc, [documents.Signer("Trưởng ban", authority="TM. Ban Chỉ đạo")], recipients=["Như trên", "Lưu: VT"]
        )
        return documents.to_bytes(doc)
