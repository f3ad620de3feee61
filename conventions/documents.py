"""The province's yearly report on village conventions to the Ministry of Culture, Sports and Tourism (Decree
61/2023 Art. 16 §3), as a DOCX in the Decree 30/2020 layout, issued by the provincial People's Committee."""

from django.utils import timezone, translation

from conventions import rules, selectors
from grassroots import documents

COLUMNS = ["STT", "Đơn vị cấp xã", "Được công nhận", "Không công nhận", "Sửa đổi, bổ sung", "Tạm ngưng", "Bãi bỏ",
           "Đang có hiệu lực", "Đã đánh giá trong năm"]  # fmt: skip


def province_report_docx(province, year: int) -> bytes:
    with translation.override("vi"):
        rows = selectors.yearly_figures(province, year)
        doc = documents.new_document(
            documents.peoples_committee_header(province, "Số:      /BC-UBND", timezone.localdate()),
            "Báo cáo",
            f"Tình hình xây dựng và thực hiện hương ước, quy ước năm {year}",
        )
        documents.paragraph(doc, "Kính gửi: Bộ Văn hóa, Thể thao và Du lịch.", indent=False, justify=False)
        documents.paragraph(
            doc,
            f"Thực hiện {rules.DECREE_2023.report_article}, Ủy ban nhân dân {documents.in_sentence(province)} báo "
            f"cáo tình hình xây dựng và thực hiện hương ước, quy ước trên địa bàn năm {year} như sau:",
        )
        totals = [0] * 7
        table_rows = []
        for i, f in enumerate(rows, 1):
            values = [f.recognised, f.refused, f.amended, f.suspended, f.repealed, f.in_force, f.reviewed]
            totals = [a + b for a, b in zip(totals, values, strict=True)]
            table_rows.append([i, f.unit.name, *(documents.number(v) for v in values)])
        table_rows.append(["", "Tổng cộng", *(documents.number(v) for v in totals)])
        documents.table(doc, COLUMNS, table_rows)
        documents.paragraph(
            doc,
            f"Trong năm {year}, {documents.number(totals[0])} hương ước, quy ước được công nhận, "
            f"{documents.number(totals[1])} không được công nhận, {documents.number(totals[3])} bị tạm ngưng và "
            f"{documents.number(totals[4])} bị bãi bỏ; {documents.number(totals[5])} hương ước, quy ước đang có "
            "hiệu lực.",
        )
        documents.signatures(
            doc,
            [documents.Signer("Chủ tịch", authority="TM. Ủy ban nhân dân", name="…………………………")],
            recipients=["Như trên", "Lưu: VT"],
        )
        return documents.to_bytes(doc)
