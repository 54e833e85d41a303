"""Recording the audit log: who touched which trainee's data, when, why and from where.

Reads are recorded by the interface layers (API base view, guarded views and admin, exports).
Writes are captured generically: ``post_save``/``post_delete`` of every model with a path to
``coaching.Trainee`` (see ``privacy.graph``), so models added later are covered without code.
Linking and unlinking through a many-to-many field (``add``/``remove``/``set``/``clear``) is
captured with ``m2m_changed`` as a change of each trainee-data object on either side.
Bulk writes (``bulk_create``, ``bulk_update``, ``QuerySet.update``) send no signals; a service
that uses them records its rows with ``record_rows``.

The actor comes from a context variable: the request middleware sets the signed-in user, IP
address and request id; a service decorated with ``permission_required_for`` sets its explicit
``actor`` and buffers the events of the call, which are inserted with one statement at the end
of the (still open) service transaction. Outside both, the actor is recorded as "system".
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import Any

from celery import current_task
from django.apps import apps
from django.db import connection, models
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from psycopg.types.json import Jsonb

from accounts.models import User
from valmo import graph

from .models import AuditEvent
from .support import active_support_grant

REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

# Sections of the audit log by model; other models use their model name.
MODEL_SECTIONS = {
    "coaching.trainee": "identity",
    "coaching.referralrestriction": "health_safety",
    "coaching.periodstatus": "social_welfare",
}


def section_of_model(model: type[models.Model]) -> str:
    return MODEL_SECTIONS.get(model._meta.label_lower, model._meta.model_name)


@dataclass
class _Pending:
    """An event whose trainee is known only through a parent row, resolved in bulk at flush."""

    event: Any
    hop_model: type[models.Model]
    hop_id: Any
    rest: str


@dataclass
class _Buffer:
    events: list = field(default_factory=list)
    keys: set = field(default_factory=set)
    known: dict = field(default_factory=dict)
    pending: list[_Pending] = field(default_factory=list)


@dataclass
class AuditContext:
    request: Any = None
    actor: Any = None
    has_actor: bool = False
    ip: str | None = None
    request_id: str = ""
    purpose: str = ""
    section: str = ""
    buffer: _Buffer | None = None


_current: ContextVar[AuditContext | None] = ContextVar("valmo_audit_context", default=None)


def current() -> AuditContext | None:
    return _current.get()


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def new_request_id(request=None) -> str:
    incoming = request.META.get("HTTP_X_REQUEST_ID", "") if request is not None else ""
    return incoming if REQUEST_ID_RE.match(incoming) else uuid.uuid4().hex


@contextmanager
def request_context(request) -> Iterator[AuditContext]:
    """Attach the request's user, IP address and request id to everything logged inside."""
    context = AuditContext(
        request=request, ip=_client_ip(request), request_id=new_request_id(request)
    )
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)


@contextmanager
def service_context(*, actor, purpose: str = "", section: str = "") -> Iterator[AuditContext]:
    """Run a service call with its explicit actor, buffering its events until it succeeds.

    Nested service calls share the outermost buffer, so one call inserts its events with one
    statement. Nothing is written when the call raises: its transaction is rolled back anyway.
    """
    outer = _current.get()
    base = outer or AuditContext(request_id=_task_request_id())
    owns_buffer = base.buffer is None
    context = replace(
        base,
        actor=actor,
        has_actor=True,
        purpose=purpose or base.purpose,
        section=section or base.section,
        buffer=_Buffer() if owns_buffer else base.buffer,
    )
    token = _current.set(context)
    try:
        yield context
        if owns_buffer:
            _flush(context.buffer)
    finally:
        _current.reset(token)


def _task_request_id() -> str:
    task_id = getattr(getattr(current_task, "request", None), "id", None)
    return f"task-{task_id}" if task_id else ""


def _actor_of(context: AuditContext | None):
    if context is None:
        return None
    if context.has_actor:
        return context.actor
    user = getattr(context.request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _actor_fields(actor) -> dict:
    if actor is None:
        return {"actor_id": None, "actor_display": "system", "actor_role": ""}
    display = (actor.get_full_name() or "").strip()
    display = f"{display} <{actor.email}>" if display else actor.email
    if actor.role in (User.Role.PLATFORM_OPERATOR, User.Role.REGIONAL_COORDINATOR):
        # A public-schema account: its id would name a different user in this schema.
        return {"actor_id": None, "actor_display": f"{display} [public]", "actor_role": actor.role}
    return {"actor_id": actor.pk, "actor_display": display, "actor_role": actor.role}


def _support_purpose(actor) -> str:
    grant = active_support_grant(actor)
    return f"support access #{grant.pk}: {grant.reason}"[:300] if grant else ""


def _common(context: AuditContext | None, *, section: str = "", purpose: str = "") -> dict:
    """The fields every event of one call shares: who, where, which request, why."""
    who = _actor_of(context)
    if who is not None and getattr(who, "role", "") == User.Role.PLATFORM_OPERATOR:
        purpose = _support_purpose(who) or purpose
    return {
        "tenant_schema": connection.schema_name,
        "section": section or (context.section if context else ""),
        "purpose": (purpose or (context.purpose if context else ""))[:300],
        "ip": context.ip if context else None,
        "request_id": context.request_id if context else _task_request_id(),
        **_actor_fields(who),
    }


def _event(
    *,
    action: str,
    context: AuditContext | None,
    object_type: str = "",
    object_id: Any = "",
    trainee_id: int | None = None,
    section: str = "",
    purpose: str = "",
    detail: dict | None = None,
    common: dict | None = None,
):
    fields = dict(common) if common is not None else _common(context, purpose=purpose)
    if section:
        fields["section"] = section
    return AuditEvent(
        action=action,
        object_type=object_type,
        object_id="" if object_id is None else str(object_id),
        trainee_id=trainee_id,
        detail=detail or {},
        **fields,
    )


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def _section_of(model: type[models.Model]) -> str:
    return section_of_model(model)


_COLUMNS = (
    ("at", "timestamptz"),
    ("tenant_schema", "varchar"),
    ("actor_id", "bigint"),
    ("actor_display", "varchar"),
    ("actor_role", "varchar"),
    ("action", "varchar"),
    ("object_type", "varchar"),
    ("object_id", "varchar"),
    ("trainee_id", "bigint"),
    ("section", "varchar"),
    ("purpose", "varchar"),
    ("ip", "inet"),
    ("request_id", "varchar"),
    ("detail", "jsonb"),
)
_INSERT = "INSERT INTO privacy_auditevent ({}) SELECT * FROM unnest({})".format(  # noqa: S608
    ", ".join(name for name, _ in _COLUMNS),
    ", ".join(f"%s::{kind}[]" for _, kind in _COLUMNS),
)


def _insert(events: list) -> None:
    """Insert events with one statement of one array per column.

    Measured cheaper than ``bulk_create`` for a page of rows (docs/performance.md): the
    statement has 14 parameters whatever the number of events.
    """
    now = timezone.now()
    columns = [[] for _ in _COLUMNS]
    for event in events:
        for index, (name, _) in enumerate(_COLUMNS):
            value = getattr(event, name)
            if name == "at":
                value = value or now
            elif name == "detail":
                value = Jsonb(value or {})
            columns[index].append(value)
    with connection.cursor() as cursor:
        cursor.execute(_INSERT, columns)


def _store(context: AuditContext | None, events: list) -> None:
    if not events:
        return
    if context is not None and context.buffer is not None:
        buffer = context.buffer
        for event in events:
            key = (event.action, event.object_type, event.object_id, event.section)
            if key not in buffer.keys:
                buffer.keys.add(key)
                buffer.events.append(event)
        return
    _insert(events)


def record(
    *,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: Any = "",
    trainee_id: int | None = None,
    section: str = "",
    purpose: str = "",
    detail: dict | None = None,
) -> None:
    """Log one event; with ``obj`` its type, id and trainee are taken from the row."""
    context = _current.get()
    pending = None
    if obj is not None:
        model = type(obj)
        object_type = object_type or _label(model)
        object_id = obj.pk
        if trainee_id is None:
            trainee_id, pending = _resolve_or_defer(context, obj)
        section = section or _section_of(model)
    event = _event(
        action=action,
        context=context,
        object_type=object_type,
        object_id=object_id,
        trainee_id=trainee_id,
        section=section,
        purpose=purpose,
        detail=detail,
    )
    _keep(context, obj, event, pending)


def record_rows(
    action: str,
    rows: Iterable[models.Model],
    *,
    section: str = "",
    purpose: str = "",
    trainee_ids: dict | None = None,
) -> None:
    """Log bulk-written or displayed rows, resolving their trainees in one query per model.

    ``trainee_ids`` (row id -> trainee id) spares the lookup when the caller knows them.
    """
    rows = [
        row
        for row in rows
        if isinstance(row, models.Model) and row.pk is not None and graph.is_trainee_data(type(row))
    ]
    if not rows:
        return
    context = _current.get()
    if trainee_ids is not None:
        found = {(_label(type(row)), row.pk): trainee_ids.get(row.pk) for row in rows}
    else:
        found = _trainee_ids_for(rows)
    events = []
    common = _common(context, purpose=purpose)
    sections: dict[type[models.Model], str] = {}
    for row in rows:
        model = type(row)
        if model not in sections:
            sections[model] = section or _section_of(model)
        event = _event(
            action=action,
            context=context,
            object_type=_label(model),
            object_id=row.pk,
            trainee_id=found.get((_label(model), row.pk)),
            section=sections[model],
            common=common,
        )
        if context is not None and context.buffer is not None:
            _remember(context.buffer, row, event)
        events.append(event)
    _store(context, events)


def _trainee_ids_for(rows: list[models.Model]) -> dict:
    found: dict = {}
    by_model: dict[type[models.Model], list] = {}
    for row in rows:
        model = type(row)
        path = graph.trainee_path(model)
        if path is None:
            continue
        if path == "":
            found[(_label(model), row.pk)] = row.pk
        elif "__" not in path:
            found[(_label(model), row.pk)] = getattr(row, model._meta.get_field(path).attname)
        else:
            current, rest = graph._walk(row, path)
            if current is not None and not rest:
                found[(_label(model), row.pk)] = current.pk
            elif current is not None and len(rest) == 1:
                attname = current._meta.get_field(rest[0]).attname
                found[(_label(model), row.pk)] = getattr(current, attname)
            else:
                by_model.setdefault(model, []).append(row.pk)
    for model, pks in by_model.items():
        for pk, trainee_id in graph.trainee_ids_of(model, pks).items():
            found[(_label(model), pk)] = trainee_id
    return found


def _remember(buffer: _Buffer, obj: models.Model, event) -> None:
    if event.trainee_id is not None:
        buffer.known[(_label(type(obj)), obj.pk)] = event.trainee_id


def _resolve_or_defer(
    context: AuditContext | None, obj: models.Model
) -> tuple[int | None, _Pending | None]:
    """Resolve from cached rows; inside a service defer database lookups to one per model."""
    path = graph.trainee_path(type(obj))
    if path is None:
        return None, None
    if path == "":
        return obj.pk, None
    current, rest = graph._walk(obj, path)
    if current is None:
        return None, None
    if not rest:
        return current.pk, None
    if len(rest) == 1:
        return getattr(current, current._meta.get_field(rest[0]).attname), None
    if context is None or context.buffer is None:
        return graph.trainee_id_of(obj), None
    hop = current._meta.get_field(rest[0])
    hop_id = getattr(current, hop.attname)
    if hop_id is None:
        return None, None
    known = context.buffer.known.get((_label(hop.related_model), hop_id))
    if known is not None:
        return known, None
    return None, _Pending(
        event=None, hop_model=hop.related_model, hop_id=hop_id, rest="__".join(rest[1:])
    )


def _keep(
    context: AuditContext | None, obj: models.Model | None, event, pending: _Pending | None
) -> None:
    if context is not None and context.buffer is not None:
        if pending is not None:
            pending.event = event
            context.buffer.pending.append(pending)
        if obj is not None:
            _remember(context.buffer, obj, event)
    _store(context, [event])


def _flush(buffer: _Buffer | None) -> None:
    if buffer is None or not buffer.events:
        return
    _resolve_pending(buffer)
    _insert(buffer.events)
    buffer.events.clear()
    buffer.keys.clear()


def _resolve_pending(buffer: _Buffer) -> None:
    unresolved = list(buffer.pending)
    for _ in range(4):
        if not unresolved:
            break
        still = []
        by_model: dict[type[models.Model], list[_Pending]] = {}
        for item in unresolved:
            known = buffer.known.get((_label(item.hop_model), item.hop_id))
            if known is not None:
                item.event.trainee_id = known
            else:
                by_model.setdefault(item.hop_model, []).append(item)
        for model, items in by_model.items():
            rest = items[0].rest
            same = [i for i in items if i.rest == rest]
            rows = dict(
                model._default_manager.filter(pk__in={i.hop_id for i in same}).values_list(
                    "pk", rest
                )
            )
            for item in items:
                if item.rest == rest and item.hop_id in rows:
                    item.event.trainee_id = rows[item.hop_id]
                else:
                    still.append(item)
        unresolved = still
    buffer.pending.clear()


def _capture(action: str, instance: models.Model) -> None:
    context = _current.get()
    model = type(instance)
    trainee_id, pending = _resolve_or_defer(context, instance)
    event = _event(
        action=action,
        context=context,
        object_type=_label(model),
        object_id=instance.pk,
        trainee_id=trainee_id,
        section=_section_of(model),
    )
    _keep(context, instance, event, pending)


def _on_save(sender, instance, created, raw=False, **kwargs) -> None:
    if raw:
        return
    _capture(AuditEvent.Action.CREATE if created else AuditEvent.Action.CHANGE, instance)


def _on_delete(sender, instance, **kwargs) -> None:
    _capture(AuditEvent.Action.DELETE, instance)


def _linked_pks(through: type[models.Model], instance: models.Model, model) -> list:
    """Primary keys of ``model`` rows linked to ``instance`` (read just before a clear)."""
    own = other = None
    for fk in through._meta.concrete_fields:
        target = getattr(fk.remote_field, "model", None)
        if target is None:
            continue
        if own is None and isinstance(instance, target):
            own = fk
        elif target is model or issubclass(model, target):
            other = fk
    if own is None or other is None:
        return []
    return list(
        through._base_manager.filter(**{own.attname: instance.pk}).values_list(
            other.attname, flat=True
        )
    )


def _on_m2m_changed(sender, instance, action, model, pk_set, **kwargs) -> None:
    if action == "pre_clear":
        pks = set(_linked_pks(sender, instance, model))
    elif action in ("post_add", "post_remove"):
        pks = set(pk_set or ())
    else:
        return
    if not pks:
        return
    if graph.is_trainee_data(type(instance)):
        _capture(AuditEvent.Action.CHANGE, instance)
    if graph.is_trainee_data(model):
        for obj in model._base_manager.filter(pk__in=pks):
            _capture(AuditEvent.Action.CHANGE, obj)


def _m2m_through_models() -> set[type[models.Model]]:
    """Through models of many-to-many fields with trainee data on either side."""
    found = set()
    for model in apps.get_models():
        for m2m in model._meta.local_many_to_many:
            if graph.is_trainee_data(model) or graph.is_trainee_data(m2m.related_model):
                found.add(m2m.remote_field.through)
    return found


def connect_write_capture() -> list[str]:
    """Connect the write capture to every trainee-data model; return their labels."""
    labels = []
    for model in graph.trainee_data_models():
        label = model._meta.label
        post_save.connect(_on_save, sender=model, dispatch_uid=f"privacy-save-{label}")
        post_delete.connect(_on_delete, sender=model, dispatch_uid=f"privacy-delete-{label}")
        labels.append(label)
    for through in _m2m_through_models():
        label = through._meta.label
        m2m_changed.connect(_on_m2m_changed, sender=through, dispatch_uid=f"privacy-m2m-{label}")
    return labels


def admin_rows_read(rows: list) -> None:
    """Log the rows an admin page showed (registered with ``valmo.admin_scoping``)."""
    record_rows("read", rows, purpose="administration")
