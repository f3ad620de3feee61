"""The synthesis report (báo cáo tổng hợp, tiếp thu, giải trình ý kiến) as a DOCX in the Decree 30/2020 layout.

Law 10/2022 Art. 28 §3 (law.md A5): after a consultation the authority synthesises the opinions and says which it
absorbed and why it did not absorb the others. The table holds one row per group of opinions (a group of one is
an opinion answered on its own): what was said, who said it and through which channel, and the answer.
It is an official paper in Vietnamese whatever the reader's UI language.
"""

from django.db.models import Prefetch
from django.utils import timezone, translation

from consultations import selectors
from consultations.models import Answer, Channel, Consultation, Opinion, OpinionGroup, Subject
from grassroots import documents
from localities.models import Level

# The report's own words for the statuses: the form's, not the UI's.
ANSWER_WORDS = {
    Answer.ABSORBED: "Tiếp thu",
    Answer.EXPLAINED: "Giải trình",
    Answer.NOT_ABSORBED: "Không tiếp thu",
    Answer.PENDING: "Chưa trả lời",
}
CHANNEL_WORDS = {
    Channel.ONLINE: "Trực tuyến",
    Channel.MEETING: "Tại cuộc họp",
    Channel.PAPER: "Phiếu lấy ý kiến",
    Channel.CONFERENCE: "Tại hội nghị",
}
AUTHORS_SHOWN = 5  # names per row; a row of a large group says how many more


def report_rows(consultation: Consultation) -> list[dict]:
    """One row per group with visible opinions, in the order officers see them (biggest first)."""
    headings = selectors.section_headings(consultation)
    visible = Opinion.objects.filter(is_hidden=False).order_by("id")
    groups = (
        OpinionGroup.objects.filter(consultation=consultation)
        .prefetch_related(Prefetch("opinions", queryset=visible, to_attr="visible"))
        .select_related("applied_in")
    )
    rows = []
    for group in groups:
        opinions = group.visible
        if not opinions:
            continue
        authors = [o.author or CHANNEL_WORDS[o.channel] for o in opinions]
        shown = ", ".join(dict.fromkeys(authors[:AUTHORS_SHOWN]))
        if len(authors) > AUTHORS_SHOWN:
            shown += f" và {len(authors) - AUTHORS_SHOWN} ý kiến khác"
        channels = ", ".join(dict.fromkeys(CHANNEL_WORDS[o.channel] for o in opinions))
        answer = ANSWER_WORDS[group.answer]
        if group.answer == Answer.ABSORBED:
            where = headings.get(group.section_key, "")
            answer += f" ({where}" + (f", phiên bản {group.applied_in.number}" if group.applied_in else "") + ")"
            if group.answer_text:
                answer += f": {group.answer_text}"
        elif group.answer_text:
            answer += f": {group.answer_text}"
        rows.append(
            {
                "count": len(opinions),
                "text": opinions[0].text,
                "authors": shown,
                "channels": channels,
                "answer": answer,
                "status": group.answer,
            }
        )
    rows.sort(key=lambda r: -r["count"])
    return rows


def synthesis_report(consultation: Consultation) -> bytes:
    with translation.override("vi"):
        return _report(consultation)


def _issuer(consultation: Consultation, on) -> tuple[documents.Header, documents.Signer]:
    """Who issues the report: the Steering Committee whose conference it was (under its Party committee), else the
    People's Committee of the commune that consulted (a village's consultation is the commune's to report)."""
    from steering.documents import party_committee_of
    from steering.models import Committee

    unit = consultation.unit
    if consultation.subject == Subject.REPORT:
        committee = Committee.objects.filter(unit=unit).order_by("id").first()
        if committee is not None:
            header = documents.Header(
                superior=party_committee_of(unit),
                issuer=committee.name,
                number="Số:      /BC-BCĐ",
                place=documents.place_of(unit),
                on=on,
            )
            return header, documents.Signer("Trưởng ban", authority="TM. Ban Chỉ đạo")
    commune = unit.parent if unit.level == Level.VILLAGE else unit
    header = documents.peoples_committee_header(commune, "Số:      /BC-UBND", on)
    return header, documents.Signer("Chủ tịch", authority="TM. Ủy ban nhân dân")


def _report(consultation: Consultation) -> bytes:
    unit = consultation.unit
    counts = selectors.counts(consultation)
    rows = report_rows(consultation)
    on = timezone.localdate(consultation.closed_at) if consultation.closed_at else timezone.localdate()
    header, signer = _issuer(consultation, on)
    doc = documents.new_document(
        header, "Báo cáo", f"Tổng hợp, tiếp thu, giải trình ý kiến đối với {consultation.title}"
    )
    documents.paragraph(
        doc,
        f"Thực hiện Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15, {unit.name} đã lấy ý kiến về {consultation.title} "
        f"từ ngày {consultation.opens_on:%d/%m/%Y} đến ngày {consultation.closes_on:%d/%m/%Y}"
        f" ({consultation.get_audience_display().lower()}"
        + (f": {consultation.audience_note}" if consultation.audience_note else "")
        + ").",
    )
    documents.paragraph(doc, "I. KẾT QUẢ LẤY Ý KIẾN", bold=True, indent=False)
    documents.paragraph(
        doc,
        f"Tổng số ý kiến: {counts.opinions} (gộp thành {len(rows)} nhóm ý kiến); "
        f"số ý kiến bị ẩn do vi phạm nội quy: {counts.hidden}.",
    )
    documents.table(
        doc,
        ["Hình thức", "Số ý kiến"],
        [[CHANNEL_WORDS[Channel(value)], n] for value, n in counts.by_channel.items()],
    )
    documents.table(
        doc,
        ["Kết quả", "Số ý kiến"],
        [[ANSWER_WORDS[Answer(value)], n] for value, n in counts.by_answer.items()],
    )
    documents.paragraph(doc, "II. TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN", bold=True, indent=False)
    documents.table(
        doc,
        ["STT", "Nội dung ý kiến", "Số ý kiến", "Người, đơn vị nêu ý kiến", "Tiếp thu, giải trình"],
        [[i, r["text"], r["count"], f"{r['authors']} ({r['channels']})", r["answer"]] for i, r in enumerate(rows, 1)],
        widths=[4, 1.4, 3, 4],
    )
    documents.signatures(doc, [signer], recipients=["Như trên", "Lưu: VT"])
    return documents.to_bytes(doc)
