"""Logging filters: one short line per client error, tracebacks only for server errors."""

from __future__ import annotations

import logging


class ClientErrorFilter(logging.Filter):
    """Drop the traceback from records of 4xx responses.

    Django logs a refused request (``PermissionDenied``, a suspicious request) with the
    exception attached, so every ordinary 403 printed a full traceback. The status line says
    all there is to say about a client's error; 5xx records keep their traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
