"""An upload handler that stops storing a file once it passes the largest size accepted.

Without it a 50 MB file would be spooled to disk in full before a form says that 20 MB is the limit. Past the
limit the rest of the file is skipped as it streams in (nothing more is kept in memory or on disk), and the form
gets a stand-in of the size received, so that its size check refuses it with the usual message.
"""

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class OversizedUpload(UploadedFile):
    """A file that was cut off at the limit: its size says so; it has no content to read."""

    def __init__(self, name, content_type, size, charset=None):
        import io

        super().__init__(io.BytesIO(b""), name, content_type, size, charset)


class FileSizeLimitHandler(FileUploadHandler):
    """First of FILE_UPLOAD_HANDLERS: passes chunks on to Django's handlers until a file is too large."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        self.cut = False

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.DISCLOSURE_MAX_FILE_MB * 1024 * 1024:
            self.cut = True
            return None  # the following handlers get no more of this file
        return raw_data

    def file_complete(self, file_size):
        if self.cut:
            return OversizedUpload(self.file_name, self.content_type, self.received, self.charset)
        return None  # Django's handlers complete the file as usual
