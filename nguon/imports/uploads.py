"""An upload handler that stops reading a file once it is larger than the import accepts, so that an
oversized upload is neither kept in memory nor spooled to disk before it is refused."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest


class LimitedUploadHandler(FileUploadHandler):
    """Counts the bytes of the files of a request; past ``limit`` it sets ``request.upload_too_large`` and
    stops the upload (the rest of the body is read and dropped, so the browser gets the page, not a reset
    connection)."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.request.upload_too_large = True  # type: ignore[union-attr]
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> Any:
        return None  # the next handler (memory or temporary file) builds the file
