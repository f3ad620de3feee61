"""The commune's papers on disclosure, as DOCX in the Decree 30/2020 layout, in Vietnamese whatever the reader's UI
language (law.md A1):

- the quarterly register of what was made public (danh sách các nội dung đã được thực hiện công khai), posted at
  the commune office and the village houses (Law 10/2022 Art. 13 §2, last sentence);
- the disclosure plan (kế hoạch thực hiện việc công khai thông tin): each item, its form, time, period and who is
  responsible (Art. 14 §1), from the catalogue in force;
- the report to the People's Council on how and what was disclosed in the year, copied to the Front (Art. 14 §3),
  from the compliance the platform computes.
"""

from django.utils import timezone, translation

from disclosures import rules, selectors
from disclosures.models import Channel, Recurrence, Status
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


def _period(record, withdrawn_on=None) -> str:
    """A channel's days: a notice still up says from when; one taken down (or withdrawn with its disclosure) says
    both days, even the same day; a broadcast of a single day is that day."""
    ended = record.ended_on or (withdrawn_on if record.channel != Channel.LOUDSPEAKER else None)
    if ended:
        return f"{record.started_on:%d/%m/%Y} – {ended:%d/%m/%Y}"
    if record.channel == Channel.LOUDSPEAKER:
        return f"{record.started_on:%d/%m/%Y}"
    return f"từ {record.started_on:%d/%m/%Y}"


def rows(commune, year: int, quarter: int) -> list[list]:
    table = []
    for number, d in enumerate(selectors.quarter_register(commune, year, quarter), 1):
        title = d.title if d.unit_id == commune.pk else f"{d.title} ({d.unit.name})"
        withdrawn_on = None
        if d.status == Status.WITHDRAWN:
            withdrawn_on = timezone.localdate(d.withdrawn_at)
            title += f" — đã thu hồi ngày {withdrawn_on:%d/%m/%Y}"
        basis = d.catalogue_item.article if d.catalogue_item else "Nội dung khác"
        channels = "; ".join(
            f"{CHANNEL_WORDS[Channel(c.channel)]}: {_period(c, withdrawn_on)}" for c in d.channels.all()
        )
        published = f"{timezone.localdate(d.first_published_at):%d/%m/%Y}"
        table.append([number, title, basis, channels or "—", published])
    return table


def register_docx(commune, year: int, quarter: int) -> bytes:
    with translation.override("vi"):
        header = documents.peoples_committee_header(commune, "Số:      /DS-UBND")
        first, last = selectors.quarter_bounds(year, quarter)
        doc = documents.new_document(
            header,
            "Danh sách",
            f"Các nội dung đã thực hiện công khai quý {QUARTERS[quarter]} năm {year}",
        )
        documents.paragraph(
            doc,
            f"Thực hiện khoản 2 Điều 13 Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15, Ủy ban nhân dân "
            f"{documents.in_sentence(commune)} lập danh sách các nội dung đã công khai từ ngày {first:%d/%m/%Y} "
            f"đến ngày {last:%d/%m/%Y}, kèm theo hình thức và thời gian thực hiện, để niêm yết tại trụ sở Ủy ban nhân "
            "dân và tại nhà văn hóa, điểm sinh hoạt cộng đồng ở thôn, tổ dân phố.",
        )
        listed = rows(commune, year, quarter)
        if listed:
            documents.table(
                doc,
                ["STT", "Nội dung công khai", "Căn cứ", "Hình thức, thời gian công khai", "Ngày công khai"],
                listed,
                widths=[4, 3, 4, 2],
            )
        else:
            documents.paragraph(doc, "Trong quý không có nội dung nào được công khai.")
        documents.signatures(
            doc,
            [documents.Signer("Chủ tịch", authority="TM. Ủy ban nhân dân")],
            recipients=["Các thôn, tổ dân phố (để niêm yết)", "Lưu: VT"],
        )
        return documents.to_bytes(doc)


def _channels(item) -> str:
    return "; ".join(CHANNEL_WORDS[Channel(c)] for c in item.required_channels if c in Channel.values)


def _timing(item) -> str:
    text = f"Chậm nhất {item.deadline_working_days} ngày làm việc kể từ ngày có quyết định, văn bản"
    if item.recurrence == Recurrence.ANNUAL and item.due_month:
        text += f"; hằng năm trước ngày {item.due_day:02d}/{item.due_month:02d}"
    return text


def _posting_period(item) -> str:
    text = (
        "Niêm yết thường xuyên, cập nhật khi thay đổi"
        if item.permanent
        else (f"Niêm yết ít nhất {item.min_posting_days} ngày liên tục")
    )
    if item.radio_min_days:
        text += f"; phát trên hệ thống truyền thanh ít nhất {item.radio_min_days:02d} ngày liên tục"
    return text


def plan_docx(commune, year: int) -> bytes:
    """Art. 14 §1: what is disclosed, how, when, for how long and by whom — the catalogue in force as a plan."""
    with translation.override("vi"):
        kind = documents.unit_kind(commune)
        doc = documents.new_document(
            documents.peoples_committee_header(commune, "Số:      /KH-UBND"),
            "Kế hoạch",
            f"Thực hiện việc công khai thông tin năm {year}",
        )
        documents.paragraph(
            doc,
            f"Căn cứ Điều 11, 12, 13 và 14 Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15, Ủy ban nhân dân "
            f"{documents.in_sentence(commune)} ban hành kế hoạch thực hiện việc công khai thông tin năm {year} "
            "như sau.",
        )
        table = []
        for number, item in enumerate(selectors.active_items(), 1):
            responsible = f"Ủy ban nhân dân {kind}; công chức chuyên môn theo lĩnh vực"
            if item.radio_min_days:
                responsible += "; Trưởng thôn, Tổ trưởng tổ dân phố thông báo đến Nhân dân"
            table.append(
                [
                    number,
                    f"{item.title} ({item.article})",
                    _channels(item),
                    _timing(item),
                    _posting_period(item),
                    responsible,
                ]
            )
        documents.table(
            doc,
            ["STT", "Nội dung công khai", "Hình thức", "Thời điểm", "Thời hạn", "Trách nhiệm"],
            table,
            widths=[4, 2.4, 2.6, 2.6, 2.6],
        )
        book = rules.book_on(timezone.localdate())
        documents.paragraph(
            doc,
            f"Danh sách các nội dung đã công khai kèm hình thức, thời gian thực hiện được lập, cập nhật theo từng quý "
            f"và niêm yết ({book.register_article}).",
        )
        documents.signatures(
            doc,
            [documents.Signer("Chủ tịch", authority="TM. Ủy ban nhân dân")],
            recipients=[f"Thường trực Hội đồng nhân dân {kind}", f"Ủy ban Mặt trận Tổ quốc Việt Nam {kind}", "Lưu: VT"],
        )
        return documents.to_bytes(doc)


STANDING_WORDS = {
    rules.Compliance.ON_TIME: "Đúng hạn",
    rules.Compliance.LATE: "Chậm so với thời hạn",
    rules.Compliance.RADIO_SHORT: "Chưa phát đủ ngày trên hệ thống truyền thanh",
    rules.Compliance.TAKEN_DOWN_EARLY: "Niêm yết chưa đủ thời gian",
    rules.Compliance.MISSING: "Chưa công khai",
    rules.Compliance.NOT_DUE: "Chưa đến hạn",
    rules.Compliance.NO_EVENT: "Không phát sinh",
}


def council_report_docx(commune, year: int) -> bytes:
    """Art. 14 §3: the report to the People's Council at its next regular session, copied to the Front, on how and
    what the commune disclosed in the year: each item's standing as the compliance page computes it."""
    with translation.override("vi"):
        kind = documents.unit_kind(commune)
        standings = selectors.commune_compliance(commune, year)
        doc = documents.new_document(
            documents.peoples_committee_header(commune, "Số:      /BC-UBND"),
            "Báo cáo",
            f"Quá trình và kết quả thực hiện công khai thông tin năm {year}",
        )
        published = sum(len(s.disclosures) for s in standings)
        judged = [s for s in standings if s.status not in (rules.Compliance.NOT_DUE, rules.Compliance.NO_EVENT)]
        on_time = sum(s.status == rules.Compliance.ON_TIME for s in judged)
        documents.paragraph(
            doc,
            f"Thực hiện khoản 3 Điều 14 Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15, Ủy ban nhân dân "
            f"{documents.in_sentence(commune)} báo cáo Hội đồng nhân dân {kind} quá trình và kết quả thực hiện các "
            f"nội dung công khai thông tin năm {year}, đồng thời gửi Ủy ban Mặt trận Tổ quốc Việt Nam {kind} để giám "
            "sát.",
        )
        documents.paragraph(
            doc,
            f"Trong năm, {kind} đã công khai {documents.number(published)} nội dung thuộc danh mục phải công khai; "
            f"{documents.number(on_time)}/{documents.number(len(judged))} nội dung đến hạn được công khai đúng quy "
            "định.",
        )
        documents.table(
            doc,
            ["STT", "Nội dung phải công khai", "Căn cứ", "Số lần công khai", "Kết quả"],
            [
                [n, s.item.title, s.item.article, documents.number(len(s.disclosures)), STANDING_WORDS[s.status]]
                for n, s in enumerate(standings, 1)
            ],
            widths=[5, 3, 1.6, 3],
        )
        documents.signatures(
            doc,
            [documents.Signer("Chủ tịch", authority="TM. Ủy ban nhân dân")],
            recipients=[f"Hội đồng nhân dân {kind}", f"Ủy ban Mặt trận Tổ quốc Việt Nam {kind}", "Lưu: VT"],
        )
        return documents.to_bytes(doc)
