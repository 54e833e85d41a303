"""Request-body parsers that refuse hostile input before it reaches a view.

DRF's own parsers read the whole stream (Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE`` only guards
``request.body`` and ``request.POST``) and hand JSON straight to ``json.loads``, which recurses
once per nesting level: a 2 KB body of brackets ends in a ``RecursionError`` (HTTP 500). These
parsers bound the body size, check the nesting depth before decoding, and refuse NUL
characters, which PostgreSQL cannot store in text. Every refusal is a 4xx with a translated
message.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from itertools import accumulate
from typing import IO, Any, NoReturn

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import BaseParser, DataAndFiles, FormParser, JSONParser, MultiPartParser

# Enough for any real document this API accepts; deeper nesting is refused before decoding.
MAX_JSON_DEPTH = 32
# JSON strings (with escapes) are skipped when counting brackets: "[" inside text is not nesting.
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(r"[^\[\]{}]+")


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request body is too large.")
    default_code = "request_too_large"


def max_body_bytes() -> int:
    return int(getattr(settings, "DATA_UPLOAD_MAX_MEMORY_SIZE", None) or 2_621_440)


def read_bounded(stream: IO[Any] | None) -> bytes:
    """The body, or ``RequestTooLarge`` once it grows past the configured maximum."""
    if stream is None:
        return b""
    limit = max_body_bytes()
    body: bytes = stream.read(limit + 1)
    if len(body) > limit:
        raise RequestTooLarge()
    return body


def json_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in ``text``, counted without recursion."""
    brackets = _BRACKETS.sub("", _JSON_STRING.sub("", text))
    return max(accumulate(1 if ch in "[{" else -1 for ch in brackets), default=0)


def refuse_nul(value: Any) -> None:
    """Refuse NUL characters anywhere in parsed data (keys and values)."""
    if isinstance(value, str):
        if "\x00" in value:
            raise ParseError(_("Text may not contain NUL characters."))
    elif isinstance(value, dict):
        for key, item in value.items():
            refuse_nul(key)
            refuse_nul(item)
    elif isinstance(value, list):
        for item in value:
            refuse_nul(item)


class BoundedJSONParser(JSONParser):
    """JSON with a size limit, a nesting limit, no NaN/Infinity and no NUL characters."""

    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        body = read_bounded(stream)
        try:
            text = body.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise ParseError(_("The request body is not valid UTF-8 text.")) from exc
        if json_depth(text) > MAX_JSON_DEPTH:
            raise ParseError(
                _("The JSON document is nested too deeply (at most %(max)d levels).")
                % {"max": MAX_JSON_DEPTH}
            )
        try:
            data = json.loads(text, parse_constant=_refuse_constant)
        except (ValueError, RecursionError) as exc:
            raise ParseError(_("The request body is not valid JSON.")) from exc
        refuse_nul(data)
        return data


def _refuse_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not valid JSON")


class BoundedFormParser(FormParser):
    """URL-encoded forms within the same size and field-count limits as Django's forms."""

    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        body = read_bounded(stream)
        try:
            data = QueryDict(body, encoding=encoding)
        except (SuspiciousOperation, ValueError) as exc:  # TooManyFieldsSent, bad bytes
            raise ParseError(_("The form data could not be read.")) from exc
        for key, values in data.lists():
            refuse_nul(key)
            refuse_nul(values)
        return data


# Uploads (referral attachments): the whole multipart body, files included.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class BoundedMultiPartParser(MultiPartParser):
    """Multipart forms with files: a bounded body and no NUL characters in the fields."""

    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> DataAndFiles[Any, Any]:
        request = (parser_context or {}).get("request")
        length = request.META.get("CONTENT_LENGTH") if request is not None else None
        try:
            too_large = int(length or 0) > MAX_UPLOAD_BYTES
        except ValueError:
            too_large = False
        if too_large:
            raise RequestTooLarge()
        parsed = super().parse(stream, media_type, parser_context)
        for key, values in parsed.data.lists():
            refuse_nul(key)
            refuse_nul(values)
        return parsed


PARSER_CLASSES: list[type[BaseParser]] = [BoundedJSONParser, BoundedFormParser]
UPLOAD_PARSER_CLASSES: list[type[BaseParser]] = [BoundedJSONParser, BoundedMultiPartParser]
