"""ETag on reads, If-Match on writes: two editors cannot overwrite each other.

The ETag is a hash of the object's representation (what the detail GET returns), so any
change another editor saves changes it. Updates and deletes must send ``If-Match`` with the
ETag they read: no header is a 428, a different one a 412, and nothing is written. The row is
locked (``SELECT ... FOR UPDATE``) while the ETag is compared and the change is written, so a
concurrent writer waits and then fails the comparison instead of overwriting.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from rest_framework.request import Request
from rest_framework.response import Response

from api.exceptions import PreconditionFailed, PreconditionRequired

T = TypeVar("T")


def etag_of(data: Any) -> str:
    body = json.dumps(data, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"))
    return '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'


def _tags(header: str) -> list[str]:
    return [tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()]


class ETagMixin:
    """For TenantApiView subclasses: ``etag_serializer_class`` renders what the ETag covers."""

    etag_serializer_class: Any = None

    def representation(self, obj: Any) -> Any:
        serializer_class = self.etag_serializer_class or self.serializer_class  # type: ignore[attr-defined]
        return serializer_class(obj, context={"request": self.request}).data  # type: ignore[attr-defined]

    def etag_response(self, obj: Any, data: Any, status: int = 200) -> Response:
        response = Response(data, status=status)
        response["ETag"] = etag_of(self.representation(obj))
        return response

    def retrieve_with_etag(self, request: Request) -> Response:
        obj = self.get_object()  # type: ignore[attr-defined]
        data = self.get_serializer(obj).data  # type: ignore[attr-defined]
        etag = etag_of(data)
        if etag in _tags(request.headers.get("If-None-Match", "")):
            response = Response(status=304)
        else:
            response = Response(data)
        response["ETag"] = etag
        return response

    def conditional_write(self, request: Request, write: Callable[[Any], T]) -> T:
        """Lock the object, check If-Match against its current ETag, then ``write(obj)``."""
        header = request.headers.get("If-Match")
        if not header:
            raise PreconditionRequired()
        with transaction.atomic():
            obj = self.get_object()  # type: ignore[attr-defined]
            list(
                type(obj)
                ._default_manager.select_for_update()
                .filter(pk=obj.pk)
                .values_list("pk", flat=True)
            )
            obj.refresh_from_db()
            tags = _tags(header)
            if "*" not in tags and etag_of(self.representation(obj)) not in tags:
                raise PreconditionFailed()
            return write(obj)
