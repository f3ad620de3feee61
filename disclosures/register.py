"""The quarterly register of what was made public (danh sách các nội dung đã được thực hiện công khai), as a DOCX
for the commune to post at its office and the village houses.

Law 10/2022 Art. 13 §2, last sentence (law.md A1): the list of what was disclosed, with the channel and the time of
each, is made and updated every quarter and itself posted. It is an official paper in Vietnamese whatever the
reader's UI language.
"""

from django.utils import timezone, translation

from disclosures import selectors
from disclosures.models import Channel, Status
from grassroots import documents

QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}
# The register's own words for the channels (the law's, Art. 12 §1), not the UI's.
CHANNEL_WORDS = {
    Channel.NOTICE_BOARD: "Niêm yết",
    Channel.LOUDSPEAKER: "Hệ thống truyền thanh",
    Channel.PORTAL: "Cổng thông tin điện tử",
    Channel.MEETING: "Hội nghị, cuộc họp",
    Channel.VILLAGE_HEADS: "Thông qua Trưởng thôn",
    Channel.ON_REQUEST: "Cung cấp theo yêu cầu",
}


def _period(record) -> str:
    if record.ended_on and record.ended_on != record.started_on:
        return f"{record.started_on:%d/%m/%Y} – {record.ended_on:%d/%m/%Y}"
    if record.ended_on or record.channel == Channel.LOUDSPEAKER:
        return f"{record.started_on:%d/%m/%Y}"
    return f"từ {record.started_on:%d/%m/%Y}"


def rows(commune, year: int, quarter: int) -> list[list]:
    table = []
    for number, d in enumerate(selectors.quarter_register(commune, year, quarter), 1):
        title = d.title if d.unit_id == commune.pk else f"{d.title} ({d.unit.name})"
        if d.status == Status.WITHDRAWN:
            title += f" — đã thu hồi ngày {timezone.localdate(d.withdrawn_at):%d/%m/%Y}"
        basis = d.catalogue_item.article if d.catalogue_item else "Nội dung khác"
        channels = "; ".join(f"{CHANNEL_WORDS[Channel(c.channel)]}: {_period(c)}" for c in d.channels.all())
        published = f"{timezone.localdate(d.first_published_at):%d/%m/%Y}"
        table.append([number, title, basis, channels or "—", published])
    return table


def register_docx(commune, year: int, quarter: int) -> bytes:
    with translation.override("vi"):
        parent = commune.parent
        header = documents.Header(
            superior=parent.name if parent else "",
            issuer=f"UBND {commune.name}",
            number="Số:      /DS-UBND",
            place=commune.name.split(" ", 1)[-1] if " " in commune.name else commune.name,
            on=timezone.localdate(),
        )
        first, last = selectors.quarter_bounds(year, quarter)
        doc = documents.new_document(
            header,
            "Danh sách",
            f"Các nội dung đã thực hiện công khai quý {QUARTERS[quarter]} năm {year}",
        )
        documents.paragraph(
            doc,
            f"Thực hiện khoản 2 Điều 13 Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15, Ủy ban nhân dân "
            f"{commune.name} lập danh sách các nội dung đã công khai từ ngày {first:%d/%m/%Y} đến ngày "
            f"{last:%d/%m/%Y}, kèm theo hình thức và thời gian thực hiện, để niêm yết tại trụ sở Ủy ban nhân dân và "
            "tại nhà văn hóa, điểm sinh hoạt cộng đồng ở thôn, tổ dân phố.",
        )
        listed = rows(commune, year, quarter)
        if listed:
            documents.table(
                doc, ["STT", "Nội dung công khai", "Căn cứ", "Hình thức, thời gian công khai", "Ngày công khai"], listed
            )
        else:
            documents.paragraph(doc, "Trong quý không có nội dung nào được công khai.")
        documents.signatures(
            doc, [("TM. Ủy ban nhân dân", "")], recipients=["Các thôn, tổ dân phố (để niêm yết)", "Lưu: VT"]
        )
        return documents.to_bytes(doc)
