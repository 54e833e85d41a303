"""Exports: everything about one trainee (data-subject access) and the audit log (DPO)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import connection, models, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from accounts.permissions import permission_required_for
from privacy import audit, selectors
from privacy.documents import document_brand, pdf_render
from privacy.models import AuditEvent
from tenants.selectors import municipality_name_of
from valmo import graph
from valmo.errors import refuse
from valmo.tenancy import current_schema_name

EXPORT_FORMAT = "valmo.trainee-export/1"


# --- Data-subject export ----------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return {"id": value.pk, "label": str(value)}
    return value


def _row(obj: models.Model) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for model_field in obj._meta.concrete_fields:
        if model_field.is_relation:
            related_id = getattr(obj, model_field.attname)
            target = getattr(obj, model_field.name) if related_id is not None else None
            data[model_field.name] = _plain(target)
        elif isinstance(model_field, models.FileField):
            data[model_field.name] = getattr(obj, model_field.attname).name or ""
        else:
            data[model_field.name] = _plain(getattr(obj, model_field.attname))
    return data


def _display_row(obj: models.Model) -> list[tuple[str, str]]:
    rows = []
    for model_field in obj._meta.concrete_fields:
        if model_field.is_relation:
            value = getattr(obj, model_field.name) if getattr(obj, model_field.attname) else ""
        elif model_field.choices:
            value = getattr(obj, f"get_{model_field.name}_display")()
        elif isinstance(model_field, models.FileField):
            value = getattr(obj, model_field.attname).name or ""
        else:
            value = getattr(obj, model_field.attname)
        if isinstance(value, bool):
            value = gettext("yes") if value else gettext("no")
        rows.append((str(model_field.verbose_name), "" if value is None else str(value)))
    return rows


def trainee_rows(trainee: models.Model) -> list[tuple[type[models.Model], list[models.Model]]]:
    """Every row of every model with a path to this trainee, model by model."""
    found = []
    for model in graph.trainee_data_models():
        path = graph.trainee_path(model)
        lookup = {path: trainee.pk} if path else {"pk": trainee.pk}
        relations = [f.name for f in model._meta.concrete_fields if f.is_relation]
        rows = list(
            model._default_manager.filter(**lookup).select_related(*relations).order_by("pk")
        )
        found.append((model, rows))
    return found


@dataclass
class ExportFile:
    content: bytes
    content_type: str
    filename: str
    data: dict[str, Any] = field(default_factory=dict)


def _access_log(trainee: models.Model) -> list[dict[str, Any]]:
    return [
        {
            "at": event.at.isoformat(),
            "actor": event.actor_display,
            "role": event.actor_role,
            "action": event.action,
            "section": event.section,
            "purpose": event.purpose,
        }
        for event in selectors.audit_events_for_trainee(trainee_id=trainee.pk).order_by("at")
    ]


@transaction.atomic
@permission_required_for("trainee.export", obj="trainee")
def trainee_export(
    *, actor: User, trainee: models.Model, fmt: str = "json", render: bool = True
) -> ExportFile:
    """Everything about one trainee, as JSON or as a readable HTML/PDF document.

    Models are found through the model graph, so records added by new apps are included
    without changes here. The access log ("who has seen my data") is part of the export.
    The PDF is a tagged PDF/UA-1 in the municipality's brand. With ``render=False`` a PDF
    export returns its HTML instead, for the background job to render outside this
    transaction (rendering is the slow part, and the job shows it as a step of its own).
    """
    if fmt not in ("json", "html", "pdf"):
        raise refuse("fmt", gettext("Choose JSON, HTML or PDF."))
    sections = trainee_rows(trainee)
    tenant = getattr(connection, "tenant", None)
    data = {
        "format": EXPORT_FORMAT,
        "generated_at": timezone.now().isoformat(),
        "municipality": getattr(tenant, "name", "") or municipality_name_of(current_schema_name()),
        "trainee_id": trainee.pk,
        "records": {
            model._meta.label_lower: [_row(obj) for obj in rows] for model, rows in sections
        },
        "access_log": _access_log(trainee),
    }
    audit.record(
        action=AuditEvent.Action.EXPORT,
        obj=trainee,
        section="all",
        detail={
            "format": fmt,
            "rows": sum(len(rows) for _, rows in sections),
        },
    )
    name = f"trainee-{trainee.pk}-{timezone.localdate():%Y%m%d}"
    if fmt == "json":
        content = json.dumps(data, ensure_ascii=False, indent=2).encode()
        return ExportFile(content, "application/json", f"{name}.json", data)
    brand = document_brand()
    html = render_to_string(
        "privacy/trainee_export.html",
        {
            "data": data,
            "brand": brand,
            "rows": sum(len(rows) for _, rows in sections),
            "trainee": trainee,
            "sections": [
                (model._meta.verbose_name_plural, [_display_row(obj) for obj in rows])
                for model, rows in sections
            ],
        },
    )
    if fmt == "html" or not render:
        return ExportFile(html.encode(), "text/html; charset=utf-8", f"{name}.html", data)
    return ExportFile(pdf_render(html), "application/pdf", f"{name}.pdf", data)


# --- Audit-log export for the data-protection officer ----------------------------------------

AUDIT_COLUMNS = [
    "at",
    "tenant_schema",
    "actor_id",
    "actor_display",
    "actor_role",
    "action",
    "object_type",
    "object_id",
    "trainee_id",
    "section",
    "purpose",
    "ip",
    "request_id",
]


@transaction.atomic
@permission_required_for("audit.export")
def audit_log_export(
    *,
    actor: User | None,
    fmt: str = "csv",
    since: datetime | None = None,
    until: datetime | None = None,
    trainee_id: int | None = None,
    actor_id: int | None = None,
) -> str:
    """The audit log (filtered) as CSV or JSON; the export itself is logged."""
    if fmt not in ("csv", "json"):
        raise refuse("fmt", gettext("Choose CSV or JSON."))
    events = selectors.audit_event_list(
        since=since, until=until, trainee_id=trainee_id, actor_id=actor_id
    )
    rows = [
        {
            column: (value.isoformat() if isinstance(value, datetime) else value)
            for column, value in zip(
                AUDIT_COLUMNS,
                (getattr(event, column) for column in AUDIT_COLUMNS),
                strict=True,
            )
        }
        for event in events
    ]
    audit.record(
        action=AuditEvent.Action.EXPORT,
        object_type="privacy.auditevent",
        trainee_id=trainee_id,
        section="access_log",
        detail={
            "format": fmt,
            "rows": len(rows),
            "filters": {
                "since": since.isoformat() if since else None,
                "until": until.isoformat() if until else None,
                "trainee_id": trainee_id,
                "actor_id": actor_id,
            },
        },
    )
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=AUDIT_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
