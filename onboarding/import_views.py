"""The import screen: upload a spreadsheet, see every error or a preview, confirm, see the result.

The uploaded file is kept server-side between the preview and the confirmation through the
storage API (the tenant's own key prefix; S3 in production) under a random token in the
uploader's own folder, so the admin does not pick the file twice; the confirmation checks
every row again before writing, and the stored copy is deleted once the import is done or
when the same admin uploads another file; an abandoned preview is deleted by an hourly
job (``onboarding.import_files``).
"""

from __future__ import annotations

import re
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from accounts.permissions import permission_action

from .forms import ImportForm
from .import_files import forget_earlier, stored_name
from .imports import COLUMNS, FIELD_LABELS, HEADERS, KINDS, import_run

_TOKEN = re.compile(r"^[0-9a-f]{32}\.(csv|xlsx)$")
_SESSION_KEY = "valmo_import_result"


def _columns() -> list[dict[str, object]]:
    return [
        {"kind": kind, "columns": [(name, HEADERS[name][:3]) for name in COLUMNS[kind]]}
        for kind in KINDS
    ]


def _upload_page(request, form: ImportForm, *, status: int = 200, error: str = ""):
    return render(
        request,
        "onboarding/import_upload.html",
        {
            "form": form,
            "columns": _columns(),
            "max_mb": round(settings.VALMO_IMPORT_MAX_BYTES / 1_000_000, 1),
            "max_rows": settings.VALMO_IMPORT_MAX_ROWS,
            "page_error": error,
        },
        status=status,
    )


def _add_errors(form: ImportForm, error: ValidationError) -> None:
    for name, messages in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages)


@permission_action("configuration.change")
def upload(request):
    """Upload a file and get its preview (nothing is written yet)."""
    if request.method != "POST":
        return _upload_page(request, ImportForm())
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, form, status=400)
    kind = form.cleaned_data["kind"]
    file = form.cleaned_data["file"]
    try:
        outcome = import_run(
            actor=request.user,
            kind=kind,
            name=file.name,
            content=file,
            size=file.size,
            commit=False,
        )
    except ValidationError as error:
        _add_errors(form, error)
        return _upload_page(request, form, status=400)
    token = ""
    forget_earlier(request.user.pk)
    if not outcome.errors:
        extension = "xlsx" if file.name.lower().endswith(".xlsx") else "csv"
        token = f"{secrets.token_hex(16)}.{extension}"
        file.seek(0)
        default_storage.save(stored_name(request.user.pk, token), ContentFile(file.read()))
    fields = [name for name in COLUMNS[kind] if any(name in row for row in outcome.rows)]
    return render(
        request,
        "onboarding/import_preview.html",
        {
            "outcome": outcome,
            "kind": kind,
            "token": token,
            "file_name": file.name,
            "fields": [FIELD_LABELS[name] for name in fields],
            "preview_rows": [[row.get(name, "") for name in fields] for row in outcome.preview],
            "form": ImportForm(initial={"kind": kind}),
        },
        status=400 if outcome.errors else 200,
    )


@permission_action("configuration.change")
def confirm(request):
    """Write the previewed file: every row again through the services, all or nothing."""
    if request.method != "POST":
        return redirect("import_upload")
    token = request.POST.get("token", "")
    kind = request.POST.get("kind", "")
    name = stored_name(request.user.pk, token)
    form = ImportForm(initial={"kind": kind})
    if not _TOKEN.match(token) or kind not in KINDS or not default_storage.exists(name):
        message = gettext("The previewed file is no longer available; upload it again.")
        return _upload_page(request, form, status=400, error=message)
    try:
        with default_storage.open(name, "rb") as handle:
            outcome = import_run(
                actor=request.user,
                kind=kind,
                name=token,
                content=handle,
                size=default_storage.size(name),
                commit=True,
            )
    except ValidationError as error:
        return _upload_page(request, form, status=400, error=" ".join(error.messages))
    if outcome.errors:
        # The data changed since the preview (say, an address taken meanwhile): show them.
        return render(
            request,
            "onboarding/import_preview.html",
            {"outcome": outcome, "kind": kind, "token": "", "fields": [], "form": form},
            status=400,
        )
    default_storage.delete(name)
    request.session[_SESSION_KEY] = {"kind": kind, "count": outcome.written}
    return redirect("import_done")


@permission_action("configuration.change")
def done(request):
    result = request.session.get(_SESSION_KEY)
    if not result:
        return redirect("import_upload")
    return render(request, "onboarding/import_done.html", {"result": result})
