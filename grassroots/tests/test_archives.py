"""A DOCX or XLSX that would unpack to far more than a document is refused by every reader before it is parsed."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from consultations.drafts import sections_from_docx
from disclosures.files import check_upload, extract_text
from disclosures.models import AttachmentKind
from grassroots.tabular import TableError, read_table
from tests.factories import docx_bytes, upload


def bomb(member: str, megabytes: int = 3) -> bytes:
    """A zip that looks like an Office file and unpacks to `megabytes` of zeros (from a few kilobytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(member, b"\0" * (megabytes * 1024 * 1024))
    return buffer.getvalue()


DOCX_BOMB = "word/document.xml"
XLSX_BOMB = "xl/workbook.xml"


def test_the_ratio_alone_refuses_a_bomb_smaller_than_the_size_limit():
    content = bomb(DOCX_BOMB)
    assert len(content) < 20_000  # 3 MB of zeros in a few kilobytes: a ratio past a hundred
    with pytest.raises(TableError, match="MB"):
        read_table("ke-hoach.docx", content, {"task": ("Nhiệm vụ",)})


def test_every_reader_refuses_an_archive_past_the_size_limit(settings):
    settings.UNZIPPED_MAX_RATIO = 10**6  # only the size limit decides here
    settings.UNZIPPED_MAX_MB = 2
    with pytest.raises(TableError):
        read_table("ho.xlsx", bomb(XLSX_BOMB), {"code": ("Mã hộ",)})
    with pytest.raises(ValidationError):
        sections_from_docx(bomb(DOCX_BOMB))
    with pytest.raises(ValidationError) as refused:
        check_upload(upload("qd.docx", bomb(DOCX_BOMB)))
    assert refused.value.code == "unzipped_size"
    assert extract_text(AttachmentKind.XLSX, bomb(XLSX_BOMB)) == ""


def test_an_ordinary_word_document_is_read():
    assert [s.text for s in sections_from_docx(docx_bytes("Điều 1. Phạm vi", "Nội dung"))]
