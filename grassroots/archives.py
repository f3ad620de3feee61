"""DOCX and XLSX files are zip archives: what they unpack to is bounded before python-docx or openpyxl read them.

A zip bomb (a few hundred kilobytes that unpack to gigabytes) would otherwise fill the worker's memory. The
sizes come from the archive's directory, which costs nothing to read; a member that lies about its size is
cut by the zip module itself, which stops at the declared size and checks the CRC.
"""

import io
import zipfile

from django.conf import settings
from django.utils.translation import gettext as _


class ArchiveTooLarge(ValueError):
    """The archive would unpack to more than the settings allow."""


def check_unzipped_size(content: bytes) -> None:
    """Raise ArchiveTooLarge if the zip in `content` unpacks to more than UNZIPPED_MAX_MB, or to more than
    UNZIPPED_MAX_RATIO times its own size. Content that is not a zip at all is left to the reader to refuse."""
    try:
        members = zipfile.ZipFile(io.BytesIO(content)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    unzipped = sum(member.file_size for member in members)
    limit = settings.UNZIPPED_MAX_MB * 1024 * 1024
    if unzipped > limit or unzipped > settings.UNZIPPED_MAX_RATIO * max(len(content), 1):
        raise ArchiveTooLarge(
            _("The file unpacks to %(mb)d MB, more than a document should: it was not read.")
            % {"mb": unzipped // (1024 * 1024)}
        )
