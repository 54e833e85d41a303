"""Pagination that validates its query parameters instead of passing them to the database.

DRF's ``LimitOffsetPagination`` ignores a malformed ``limit`` and passes any ``offset`` through:
``?limit=`` or ``?offset=`` of 2^63 or more overflowed PostgreSQL's bigint (HTTP 500). Here
both must be whole numbers in range, or the request gets a 400 naming the parameter.
"""

from __future__ import annotations

from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request

from api.params import int_param

MAX_PAGE_SIZE = 200
# More rows than any municipality has; keeps offset + limit far inside bigint.
MAX_OFFSET = 2**31 - 1


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    default_limit = 50
    max_limit = MAX_PAGE_SIZE

    def get_limit(self, request: Request) -> int:
        value = int_param(request, self.limit_query_param, minimum=1, maximum=self.max_limit)
        return self.default_limit if value is None else value

    def get_offset(self, request: Request) -> int:
        value = int_param(request, self.offset_query_param, minimum=0, maximum=MAX_OFFSET)
        return 0 if value is None else value
