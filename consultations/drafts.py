"""A draft's text as sections, read from a DOCX's headings or from typed text, and word-level differences.

Pure functions: no database. A heading is a paragraph in a Word heading style, or a line that reads like one
in Vietnamese legal drafting ("Chương I", "Điều 3.", "Mục 2", "I.", "II.") or starts with "#".
"""

import difflib
import io
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from grassroots.archives import ArchiveTooLarge, check_unzipped_size

_HEADING_LINE = re.compile(r"^(#+\s*|(Chương|Phần|Mục|Điều)\s+[0-9IVXLC]+\b|[IVXLC]+\.\s)", re.IGNORECASE)
MAX_SECTIONS = 200


@dataclass(frozen=True)
class DraftSection:
    heading: str
    text: str


def _is_heading(line: str) -> bool:
    return bool(_HEADING_LINE.match(line))


def _build(lines: list[tuple[str, bool]]) -> list[DraftSection]:
    """(line, is_heading) pairs to sections; text before the first heading becomes a section of its own."""
    sections: list[tuple[str, list[str]]] = []
    for line, heading in lines:
        if heading:
            sections.append((line.lstrip("#").strip(), []))
        elif line:
            if not sections:
                sections.append((_("Introduction"), []))
            sections[-1][1].append(line)
    if len(sections) > MAX_SECTIONS:
        raise ValidationError(_("The draft has more than %(n)d sections.") % {"n": MAX_SECTIONS})
    return [DraftSection(heading[:300], "\n".join(body)) for heading, body in sections]


def sections_from_text(text: str) -> list[DraftSection]:
    lines = [line.strip() for line in (text or "").splitlines()]
    return _build([(line, _is_heading(line)) for line in lines])


def sections_from_docx(content: bytes) -> list[DraftSection]:
    import docx
    from docx.table import Table

    try:
        check_unzipped_size(content)
    except ArchiveTooLarge as exc:
        raise ValidationError(str(exc)) from exc
    try:
        document = docx.Document(io.BytesIO(content))
    except Exception as exc:  # python-docx raises several kinds for a file that is not a DOCX
        raise ValidationError(_("This file could not be read as a Word (DOCX) document.")) from exc
    lines = []
    # Paragraphs and tables in the order they stand; a table row becomes one line of its cells.
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells = list(dict.fromkeys(cell.text.strip() for cell in row.cells if cell.text.strip()))
                lines.append((" | ".join(cells), False))
            continue
        line = block.text.strip()
        style = (block.style.name if block.style is not None else "") or ""
        styled = style.startswith(("Heading", "Title")) and bool(line)
        lines.append((line, styled or _is_heading(line)))
    return _build(lines)


@dataclass(frozen=True)
class Piece:
    kind: str  # "same", "gone" (only in the old text), "new" (only in the new)
    text: str


_TOKEN = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str) -> tuple[list[Piece], list[Piece]]:
    """The old and the new text cut into pieces, each marked unchanged, removed or added, word by word."""
    a, b = _TOKEN.findall(old or ""), _TOKEN.findall(new or "")
    left: list[Piece] = []
    right: list[Piece] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            left.append(Piece("same", "".join(a[i1:i2])))
            right.append(Piece("same", "".join(b[j1:j2])))
            continue
        if i2 > i1:
            left.append(Piece("gone", "".join(a[i1:i2])))
        if j2 > j1:
            right.append(Piece("new", "".join(b[j1:j2])))
    return left, right
