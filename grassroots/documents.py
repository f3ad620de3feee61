"""Official documents as DOCX in the layout of Decree 30/2020/NĐ-CP, Appendix I (sizes as read: law.md, A10).

A4; margins top and bottom 20 mm, left 30 mm, right 15 mm; Times New Roman. At the top, the issuing body
(its superior above it) on the left with the number and symbol, the national motto on the right with the
place and date in italics; the document type and title centred in bold capitals; the body 14 pt justified;
signatures at the bottom right and recipients (Nơi nhận) at the bottom left. Every module that writes an
official document (minutes, synthesis reports, the annual report) builds it with these pieces.
"""

import io
from dataclasses import dataclass
from datetime import date

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

FONT = "Times New Roman"
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_LINE = "Độc lập - Tự do - Hạnh phúc"


@dataclass
class Header:
    superior: str  # the body above the issuer, e.g. "UBND XÃ TÂN LẬP"
    issuer: str  # e.g. "THÔN ĐÔNG"
    number: str  # e.g. "Số: 03/BB-TĐ"
    place: str  # e.g. "Tân Lập"
    on: date


def vietnamese_date(place: str, on: date) -> str:
    # Decree 30/2020 Appendix I: days and months below 10 (and months 1 and 2) take a leading zero.
    return f"{place}, ngày {on.day:02d} tháng {on.month:02d} năm {on.year}"


def _run(paragraph, text, *, size=14, bold=False, italic=False, underline=False):
    run = paragraph.add_run(text)
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold, run.italic, run.underline = bold, italic, underline
    run._element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    return run


def _centered(cell_or_doc, text, **style):
    paragraph = cell_or_doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    _run(paragraph, text, **style)
    return paragraph


def _borderless(table):
    borders = table._tbl.tblPr.first_child_found_in("w:tblBorders")
    if borders is not None:
        table._tbl.tblPr.remove(borders)


def new_document(header: Header, doc_type: str, title: str) -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    # The first paragraph of a new document is empty: the header table goes before it.
    table = doc.add_table(rows=1, cols=2)
    _borderless(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.width, right.width = Cm(6.5), Cm(10)
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(left.paragraphs[0], header.superior.upper(), size=13)
    _centered(left, header.issuer.upper(), size=13, bold=True)
    _centered(left, "_______", size=13, bold=True)
    _centered(left, header.number, size=13)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(right.paragraphs[0], MOTTO, size=12, bold=True)
    _centered(right, MOTTO_LINE, size=13, bold=True, underline=True)
    _centered(right, vietnamese_date(header.place, header.on), size=14, italic=True)
    doc.add_paragraph()
    _centered(doc, doc_type.upper(), size=14, bold=True)
    _centered(doc, title, size=14, bold=True)
    _centered(doc, "_______", size=14, bold=True)
    return doc


def paragraph(doc, text: str, *, bold=False, italic=False, indent=True):
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    p.paragraph_format.first_line_indent = Cm(1) if indent else None
    p.paragraph_format.space_after = Pt(6)
    _run(p, text, bold=bold, italic=italic)
    return p


def table(doc, headings: list[str], rows: list[list]) -> None:
    grid = doc.add_table(rows=1, cols=len(headings))
    grid.style = "Table Grid"
    for cell, heading in zip(grid.rows[0].cells, headings, strict=True):
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(cell.paragraphs[0], heading, size=13, bold=True)
    for row in rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            _run(cell.paragraphs[0], str(value), size=13)
    doc.add_paragraph()


def signatures(doc, signers: list[tuple[str, str]], recipients: list[str] | None = None) -> None:
    """Signers as (title, name), the last at the right; recipients, when given, at the bottom left."""
    grid = doc.add_table(rows=1, cols=max(2, len(signers)))
    _borderless(grid)
    cells = grid.rows[0].cells
    if recipients:
        first = cells[0].paragraphs[0]
        _run(first, "Nơi nhận:", size=12, bold=True, italic=True)
        for recipient in recipients:
            p = cells[0].add_paragraph()
            p.paragraph_format.space_after = Pt(0)
            _run(p, f"- {recipient};", size=11)
    placed = cells[len(cells) - len(signers) :]
    for cell, (title, name) in zip(placed, signers, strict=True):
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(cell.paragraphs[0], title.upper(), size=14, bold=True)
        _centered(cell, "(Ký, ghi rõ họ tên)", size=13, italic=True)
        for _ in range(3):
            cell.add_paragraph()
        _centered(cell, name, size=14, bold=True)


def to_bytes(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
