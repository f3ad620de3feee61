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
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Mm, Pt

FONT = "Times New Roman"
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_LINE = "Độc lập - Tự do - Hạnh phúc"


@dataclass
class Header:
    superior: str  # the body above the issuer, e.g. "UBND XÃ TÂN LẬP"; empty for a People's Committee
    issuer: str  # e.g. "THÔN ĐÔNG", or "Ủy ban nhân dân\nXã Tân Lập" on two lines
    number: str  # e.g. "Số: 03/BB-TĐ"
    place: str  # e.g. "Tân Lập"
    on: date


# The kinds a unit's name begins with, longest first: a paper's place line names the place without them.
PLACE_KINDS = ("Thành phố", "Đặc khu", "Thị trấn", "Phường", "Tỉnh", "Xã")


def _kind(unit) -> str:
    return next((kind for kind in PLACE_KINDS if unit.name.startswith(kind + " ")), "")


def unit_kind(unit) -> str:
    """The unit's kind as a paper writes it inside a sentence ("xã", "phường", "đặc khu", "thị trấn"): "Hội đồng
    nhân dân phường"."""
    return _kind(unit).lower() or "xã"


def in_sentence(unit) -> str:
    """The unit's name inside a sentence: its kind in lower case, "Ủy ban nhân dân phường Hà Giang 2"."""
    kind = _kind(unit)
    return kind.lower() + unit.name[len(kind) :] if kind else unit.name


def village_in_sentence(village) -> str:
    """A village inside a sentence, its kind in lower case: "thôn Đông", "tổ dân phố 5" (names are often numbers,
    the kind kept apart: str() joins them)."""
    label = str(village)
    return label[:1].lower() + label[1:]


def head_title(village) -> str:
    """The head's title: "Tổ trưởng tổ dân phố" for a residential group, "Trưởng thôn", "Trưởng bản"…"""
    kind = (village.division_type or "thôn").lower()
    return f"Tổ trưởng {kind}" if kind.startswith("tổ") else f"Trưởng {kind}"


def office_of(village) -> str:
    """The office as a sentence names it: "Trưởng thôn Đông", "Tổ trưởng tổ dân phố 5"."""
    label = village_in_sentence(village)
    return f"Tổ trưởng {label}" if label.startswith("tổ") else f"Trưởng {label}"


def place_of(unit) -> str:
    """The place a paper is dated at: "Tân Lập" for Xã Tân Lập, "Côn Đảo" for Đặc khu Côn Đảo."""
    kind = _kind(unit)
    return unit.name[len(kind) :].strip() if kind else unit.name


def peoples_committee_header(unit, number: str, on: date | None = None) -> "Header":
    """A People's Committee's paper: its name on two lines, no managing body above it (Decree 30/2020)."""
    from django.utils import timezone

    return Header(
        superior="",
        issuer=f"Ủy ban nhân dân\n{unit.name}",
        number=number,
        place=place_of(unit),
        on=on or timezone.localdate(),
    )


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


def _fixed_widths(table, widths: list) -> None:
    """Column widths that every word processor honours: the grid (which LibreOffice reads), each cell's width (which
    Word reads) and a fixed layout, so that a long line wraps inside its column instead of widening it."""
    table.autofit = False
    tbl = table._tbl
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl.tblPr.append(layout)
    for col, width in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(int(width.twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _no_cell_margins(table) -> None:
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), "0")
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    table._tbl.tblPr.append(margins)


def _keep_row_together(row) -> None:
    properties = row._tr.get_or_add_trPr()
    cant_split = OxmlElement("w:cantSplit")
    properties.append(cant_split)


def _page_numbers(section) -> None:
    """Decree 30/2020 Appendix I: page numbers centred in the top margin, none on the first page."""
    section.different_first_page_header_footer = True
    section.header_distance = Mm(10)
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = _run(paragraph, "", size=13)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "2"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._element.append(element)


# The header's two columns fill the text width (210 mm less the 30 and 15 mm margins): the issuing body on the
# left; the national name (12 pt bold capitals), the motto and the place and date on the right, each on one line.
HEADER_LEFT, HEADER_RIGHT = Cm(6.2), Cm(10.3)


def new_document(header: Header, doc_type: str, title: str) -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    _page_numbers(section)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    # The first paragraph of a new document is empty: the header table goes before it.
    table = doc.add_table(rows=1, cols=2)
    _borderless(table)
    _no_cell_margins(table)
    _fixed_widths(table, [HEADER_LEFT, HEADER_RIGHT])
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    left.paragraphs[0].paragraph_format.space_after = Pt(0)
    issuer = header.issuer.upper().splitlines()
    if header.superior:  # the managing body, not bold, above the issuer
        _run(left.paragraphs[0], header.superior.upper(), size=13)
    else:
        _run(left.paragraphs[0], issuer.pop(0), size=13, bold=True)
    for line in issuer:
        _centered(left, line, size=13, bold=True)
    _centered(left, "_______", size=13, bold=True)
    _centered(left, header.number, size=13)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(right.paragraphs[0], MOTTO, size=12, bold=True)
    _centered(right, MOTTO_LINE, size=13, bold=True, underline=True)
    _centered(right, vietnamese_date(header.place, header.on), size=13, italic=True)
    doc.add_paragraph()
    _centered(doc, doc_type.upper(), size=14, bold=True)
    _centered(doc, title, size=14, bold=True)
    _centered(doc, "_______", size=14, bold=True)
    return doc


def paragraph(doc, text: str, *, bold=False, italic=False, indent=True, justify=True):
    p = doc.add_paragraph()
    # A line holding one long unbreakable word (a hash, an address) is not justified: it would gape.
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if justify else WD_ALIGN_PARAGRAPH.LEFT
    p.paragraph_format.first_line_indent = Cm(1) if indent else None
    p.paragraph_format.space_after = Pt(6)
    _run(p, text, bold=bold, italic=italic)
    return p


TEXT_WIDTH = Cm(16.5)
NUMBER_COLUMN = Cm(1.5)  # "STT"


def table(doc, headings: list[str], rows: list[list], widths: list[float] | None = None) -> None:
    """A bordered table across the text width; `widths` are the columns' shares (a leading "STT" column is kept
    narrow and the rest share the width equally when none are given)."""
    grid = doc.add_table(rows=1, cols=len(headings))
    grid.style = "Table Grid"
    numbered = headings[0] == "STT"
    rest = TEXT_WIDTH - (NUMBER_COLUMN if numbered else 0)
    shares = widths or [1.0] * (len(headings) - numbered)
    columns = [Emu(int(rest * share / sum(shares))) for share in shares]
    _fixed_widths(grid, ([NUMBER_COLUMN] if numbered else []) + columns)
    for cell, heading in zip(grid.rows[0].cells, headings, strict=True):
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(cell.paragraphs[0], heading, size=13, bold=True)
    for row in rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            _run(cell.paragraphs[0], str(value), size=13)
    _spacer(doc)


def _spacer(doc, points: int = 6):
    p = doc.add_paragraph()
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.space_before = Pt(0)
    _run(p, "", size=points)
    return p


@dataclass
class Signer:
    """One signature: the authority line (TM. … for a collective body, or empty), the signer's title, the name."""

    title: str
    authority: str = ""
    name: str = ""


def _sign(cell, signer: Signer) -> None:
    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    first = True
    for line in (signer.authority, signer.title):
        if line:
            p = cell.paragraphs[0] if first else cell.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_after = Pt(0)
            p.paragraph_format.keep_with_next = True
            _run(p, line.upper(), size=14, bold=True)
            first = False
    _centered(cell, "(Ký, ghi rõ họ tên)", size=13, italic=True)
    for _ in range(3):
        cell.add_paragraph().paragraph_format.space_after = Pt(0)
    _centered(cell, signer.name, size=14, bold=True)


def signatures(doc, signers: list[Signer], recipients: list[str] | None = None) -> None:
    """Signers side by side, the last at the right (more than three: two to a row); "Nơi nhận:" at the bottom left
    beside a single signer, or under the signers. Each row never splits across pages, so an authority, its title and
    its name stay together; the paragraph before the block is kept with it, so it never starts a page alone."""
    paragraphs = doc.paragraphs
    if paragraphs:
        paragraphs[-1].paragraph_format.keep_with_next = True
    beside = bool(recipients) and len(signers) == 1
    per_row = len(signers) if len(signers) <= 3 else 2
    columns = max(2, per_row + (1 if beside else 0))
    rows = [signers[i : i + per_row] for i in range(0, len(signers), per_row)]
    grid = doc.add_table(rows=len(rows), cols=columns)
    _borderless(grid)
    _no_cell_margins(grid)
    _fixed_widths(grid, [Emu(int(TEXT_WIDTH / columns))] * columns if not beside else [Cm(7.5), Cm(9)])
    for row, row_signers in zip(grid.rows, rows, strict=True):
        _keep_row_together(row)
        cells = row.cells
        for cell, signer in zip(cells[len(cells) - len(row_signers) :], row_signers, strict=True):
            _sign(cell, signer)
    if recipients:
        if beside:
            target = grid.rows[0].cells[0]
        else:  # the recipients go under the signers, on the left, in the same block
            extra = grid.add_row()
            _keep_row_together(extra)
            target = extra.cells[0]
        first = target.paragraphs[0]
        first.paragraph_format.space_after = Pt(0)
        _run(first, "Nơi nhận:", size=12, bold=True, italic=True)
        for index, recipient in enumerate(recipients):
            p = target.add_paragraph()
            p.paragraph_format.space_after = Pt(0)
            end = "." if index == len(recipients) - 1 else ";"
            _run(p, f"- {recipient}{end}", size=11)
    # A document ends with a paragraph after its last table: kept tiny, so it never spills onto a page of its own.
    _spacer(doc, points=1)


def number(value, decimals: int = 0) -> str:
    """A number as Vietnamese papers print it: thousands with a dot, decimals with a comma (20.000; 51,25)."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def percent(value, decimals: int = 2) -> str:
    return f"{number(value, decimals)}%"


def to_bytes(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
