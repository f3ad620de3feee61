"""The written report of an annual village conference (Decree 59/2023 Art. 11) as a DOCX in the Decree 30/2020
layout, issued by the village."""

from django.utils import translation

from grassroots import documents
from localities.models import Level
from village_conferences.models import Conference


def report_docx(conference: Conference) -> bytes:
    with translation.override("vi"):
        village = conference.village
        commune = village.parent if village.parent and village.parent.level == Level.COMMUNE else None
        kind = documents.in_sentence(commune) if commune else "cấp xã"
        doc = documents.new_document(
            documents.Header(
                superior=f"UBND {commune.name}" if commune else "",
                issuer=str(village),
                number="Số:      /BC",
                place=documents.place_of(commune or village),
                on=conference.held_on,
            ),
            "Báo cáo",
            f"Kết quả hội nghị cộng đồng dân cư năm {conference.year}",
        )
        documents.paragraph(
            doc,
            f"Ngày {conference.held_on:%d/%m/%Y}, tại {conference.place}, {documents.village_in_sentence(village)} "
            "tổ chức "
            f"hội nghị cộng đồng dân cư năm {conference.year}; kế hoạch tổ chức đã gửi Ủy ban nhân dân {kind}, Ủy ban "
            f"Mặt trận Tổ quốc Việt Nam {kind} và Ban Thanh tra nhân dân ngày {conference.plan_sent_on:%d/%m/%Y}; "
            f"các hộ gia đình được thông báo ngày {conference.notice_on:%d/%m/%Y}.",
        )
        if conference.households_present is not None:
            documents.paragraph(
                doc,
                f"Số hộ gia đình trong {documents.village_in_sentence(village)}: "
                f"{documents.number(conference.households or 0)}; số hộ có đại diện tham "
                f"dự: {documents.number(conference.households_present)}.",
            )
        documents.paragraph(doc, "Chương trình hội nghị:", indent=False, bold=True)
        for number, item in enumerate(conference.agenda, 1):
            documents.paragraph(doc, f"{number}. {item}")
        documents.paragraph(doc, "Kết quả hội nghị:", indent=False, bold=True)
        for line in conference.summary.splitlines() or [""]:
            if line.strip():
                documents.paragraph(doc, line.strip())
        head = documents.head_title(village)
        documents.signatures(
            doc,
            [documents.Signer(head, name="…………………………")],
            recipients=[f"UBND {kind}", f"Ủy ban MTTQ Việt Nam {kind}", "Lưu"],
        )
        return documents.to_bytes(doc)
