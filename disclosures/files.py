"""Attached files: what we accept, how we recognise it, and the text we index from it.

A file is accepted by what its bytes are, not by its name: the extension must agree with the content, and
the content must open with the library that reads that format. Nothing is ever served back as HTML (see
`views.attachment_download`), and macro-enabled Office files and SVG images are refused.
"""

import hashlib
import io
import logging
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from disclosures.models import AttachmentKind
from grassroots.archives import ArchiveTooLarge, check_unzipped_size

log = logging.getLogger(__name__)

EXTENSIONS = {
    ".pdf": AttachmentKind.PDF,
    ".docx": AttachmentKind.DOCX,
    ".xlsx": AttachmentKind.XLSX,
    ".jpg": AttachmentKind.IMAGE,
    ".jpeg": AttachmentKind.IMAGE,
    ".png": AttachmentKind.IMAGE,
    ".webp": AttachmentKind.IMAGE,
}
OFFICE_TYPES = {
    AttachmentKind.DOCX: (
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    AttachmentKind.XLSX: ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
# Enough for a long document's words; the index need not hold a whole scanned book.
MAX_EXTRACTED_CHARS = 200_000


@dataclass
class CheckedFile:
    name: str
    kind: str
    content_type: str
    size: int
    sha256: str
    content: bytes


def max_bytes() -> int:
    return settings.DISCLOSURE_MAX_FILE_MB * 1024 * 1024


def _unreadable(name: str, kind_label: str) -> ValidationError:
    return ValidationError(
        _("%(name)s is not a readable %(kind)s file. Save it again and attach the saved copy.")
        % {"name": name, "kind": kind_label},
        code="unreadable",
    )


def check_upload(uploaded, *, images_only: bool = False) -> CheckedFile:
    """Accept a PDF, DOCX, XLSX or photo (JPEG, PNG, WebP) whose content matches its name; raise otherwise."""
    original = PurePath(uploaded.name or "file").name
    extension = PurePath(original).suffix.lower()
    kind = EXTENSIONS.get(extension)
    allowed = _("JPG, PNG or WebP photos") if images_only else _("PDF, DOCX, XLSX, JPG, PNG or WebP files")
    if kind is None or (images_only and kind != AttachmentKind.IMAGE):
        raise ValidationError(
            _("%(name)s cannot be attached: only %(allowed)s are accepted.") % {"name": original, "allowed": allowed},
            code="type",
        )
    if uploaded.size > max_bytes():
        raise ValidationError(
            _("%(name)s is %(size).1f MB; the largest file accepted is %(max)d MB.")
            % {"name": original, "size": uploaded.size / 1024 / 1024, "max": settings.DISCLOSURE_MAX_FILE_MB},
            code="size",
        )
    if uploaded.size == 0:
        raise ValidationError(_("%(name)s is empty.") % {"name": original}, code="empty")
    content = b"".join(uploaded.chunks())
    content_type = _sniff(original, kind, content)
    stem = get_valid_filename(PurePath(original).stem)[:150] or "file"
    return CheckedFile(
        name=f"{stem}{extension}",
        kind=kind,
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
    )


def _sniff(name: str, kind: str, content: bytes) -> str:
    if kind == AttachmentKind.PDF:
        if not content.startswith(b"%PDF-"):
            raise _unreadable(name, "PDF")
        try:
            from pypdf import PdfReader

            PdfReader(io.BytesIO(content)).pages[0]
        except Exception as exc:
            raise _unreadable(name, "PDF") from exc
        return "application/pdf"
    if kind in OFFICE_TYPES:
        member, content_type = OFFICE_TYPES[kind]
        label = kind.upper()
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile as exc:
            raise _unreadable(name, label) from exc
        if "[Content_Types].xml" not in names or member not in names:
            raise _unreadable(name, label)
        if any(n.lower().endswith("vbaproject.bin") for n in names):
            raise ValidationError(
                _("%(name)s contains macros, which are not accepted. Save it as a plain DOCX or XLSX.")
                % {"name": name},
                code="macros",
            )
        try:
            check_unzipped_size(content)
        except ArchiveTooLarge as exc:
            raise ValidationError(f"{name}: {exc}", code="unzipped_size") from exc
        return content_type
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(content)) as image:
            image.verify()
            image_format = image.format
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise _unreadable(name, _("image")) from exc
    if image_format not in IMAGE_TYPES:
        raise _unreadable(name, _("image"))
    return IMAGE_TYPES[image_format]


def extract_text(kind: str, content: bytes) -> str:
    """The words of a PDF, DOCX or XLSX for the search index; empty for images and unreadable parts."""
    try:
        if kind == AttachmentKind.PDF:
            from pypdf import PdfReader

            parts, total = [], 0
            for page in PdfReader(io.BytesIO(content)).pages:
                text = page.extract_text() or ""
                parts.append(text)
                total += len(text)
                if total > MAX_EXTRACTED_CHARS:
                    break
            return "\n".join(parts)[:MAX_EXTRACTED_CHARS]
        if kind in OFFICE_TYPES:
            check_unzipped_size(content)
        if kind == AttachmentKind.DOCX:
            import docx

            document = docx.Document(io.BytesIO(content))
            parts = [p.text for p in document.paragraphs]
            for table in document.tables:
                for row in table.rows:
                    parts.extend(cell.text for cell in row.cells)
            return "\n".join(parts)[:MAX_EXTRACTED_CHARS]
        if kind == AttachmentKind.XLSX:
            from openpyxl import load_workbook

            parts, total = [], 0
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            for sheet in workbook.worksheets:
                for row in sheet.iter_rows(values_only=True):
                    cells = " ".join(str(v) for v in row if v is not None)
                    parts.append(cells)
                    total += len(cells)
                    if total > MAX_EXTRACTED_CHARS:
                        return "\n".join(parts)[:MAX_EXTRACTED_CHARS]
            return "\n".join(parts)
    except Exception:  # a damaged part of a file costs its words in search, never the publication
        log.warning("Could not extract text from a %s attachment", kind, exc_info=True)
    return ""
