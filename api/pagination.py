"""Pagination that validates its query parameters instead of passing them to the database.

Lists page with a cursor (``?cursor=`` from the ``next``/``previous`` links) so that rows
added meanwhile neither repeat nor vanish between pages. ``limit`` sets the page size, a whole
number from 1 to ``MAX_PAGE_SIZE``; anything else is a 400 naming the parameter. The cursor is
signed: a changed or invented cursor is a 400 as well, so no client-made value reaches a query.
``BoundedLimitOffsetPagination`` stays for views that page by position (the audit log).
"""

from __future__ import annotations

from typing import Any

from django.core import signing
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import Cursor, CursorPagination, LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.utils.urls import replace_query_param

from api.params import int_param

MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 50
# More rows than any municipality has; keeps offset + limit far inside bigint.
MAX_OFFSET = 2**31 - 1
_CURSOR_SALT = "api.pagination.cursor"


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    default_limit = DEFAULT_PAGE_SIZE
    max_limit = MAX_PAGE_SIZE

    def get_limit(self, request: Request) -> int:
        value = int_param(request, self.limit_query_param, minimum=1, maximum=self.max_limit)
        return self.default_limit if value is None else value

    def get_offset(self, request: Request) -> int:
        value = int_param(request, self.offset_query_param, minimum=0, maximum=MAX_OFFSET)
        return 0 if value is None else value


class BoundedCursorPagination(CursorPagination):
    """Cursor pages of at most ``MAX_PAGE_SIZE`` rows, ordered by the view's ``ordering``."""

    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "limit"
    max_page_size = MAX_PAGE_SIZE
    ordering = "pk"

    def get_page_size(self, request: Request) -> int:
        value = int_param(request, "limit", minimum=1, maximum=self.max_page_size)
        return self.page_size if value is None else value

    def encode_cursor(self, cursor: Cursor) -> str:
        tokens: dict[str, Any] = {}
        if cursor.offset:
            tokens["o"] = cursor.offset
        if cursor.reverse:
            tokens["r"] = 1
        if cursor.position is not None:
            tokens["p"] = cursor.position
        encoded = signing.dumps(tokens, salt=_CURSOR_SALT, compress=True)
        assert self.base_url is not None
        return replace_query_param(self.base_url, self.cursor_query_param, encoded)

    def decode_cursor(self, request: Request) -> Cursor | None:
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is None or encoded == "":
            return None
        try:
            tokens = signing.loads(encoded, salt=_CURSOR_SALT)
            offset = int(tokens.get("o", 0))
            reverse = bool(tokens.get("r", 0))
            position = tokens.get("p")
            if not 0 <= offset <= self.offset_cutoff or not (
                position is None or isinstance(position, str)
            ):
                raise ValueError(encoded)
        except (signing.BadSignature, ValueError, TypeError, AttributeError) as exc:
            raise ValidationError(
                {
                    self.cursor_query_param: [
                        _("The page cursor is not valid; follow the next and previous links.")
                    ]
                },
                code="invalid_cursor",
            ) from exc
        return Cursor(offset=offset, reverse=reverse, position=position)  # type: ignore[arg-type]

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": _("The page to show: the cursor of a next or previous link."),
                "schema": {"type": "string"},
            },
            {
                "name": "limit",
                "required": False,
                "in": "query",
                "description": _("Rows per page (at most %(max)d).") % {"max": MAX_PAGE_SIZE},
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
        ]
