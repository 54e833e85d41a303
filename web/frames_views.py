"""Setup screens: participation statuses and their frames, service forms and target groups,
capacity instruments. Linked from the setup checklist (``/kayttoonotto/``).

Each form posts to one service; a refusal is a 400 with the translated message at its field
and nothing saved.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext

from accounts.permissions import permission_action
from coaching.models import ParticipationStatus, ServiceForm, TargetGroup
from coaching.services import (
    local_frame_set,
    participation_status_update,
    service_form_create,
    service_form_update,
    target_group_create,
    target_group_update,
)
from coaching.setup_selectors import (
    service_form_setup_list,
    status_setup_list,
    target_group_setup_list,
)
from competence.capacity.models import Instrument, InstrumentVersion, RaterType
from competence.capacity.selectors import capacity_instrument_list
from competence.capacity.services import (
    capacity_instrument_active_set,
    capacity_instrument_author,
    capacity_version_publish,
    platform_instruments_sync,
)

from .frames_forms import (
    InstrumentAuthorForm,
    LocalFrameForm,
    ServiceFormAddForm,
    ServiceFormEditForm,
    TargetGroupAddForm,
    TargetGroupEditForm,
)


def _refusal_to_form(form, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _posted(model, request, field: str = "pk"):
    """The row a POST names, or a 404 (a stale or forged id is not a server error)."""
    try:
        return model.objects.get(pk=int(request.POST.get(field, "")))
    except (ValueError, model.DoesNotExist) as missing:
        raise Http404 from missing


def _local_initial(row) -> dict:
    local = row.local
    if local is None:
        return {}
    return {field: getattr(local, field) for field in local.LIMIT_FIELDS}


@permission_action("configuration.change")
def statuses(request):
    """The statuses with the statutory frame in force; use on/off and the municipality's maxima."""
    bound: dict[int, LocalFrameForm] = {}
    use_errors: dict[int, list[str]] = {}
    status_code = 200
    if request.method == "POST":
        status = _posted(ParticipationStatus, request, "status")
        if request.POST.get("kind") == "use":
            try:
                participation_status_update(
                    actor=request.user,
                    status=status,
                    name=status.name,
                    is_active=request.POST.get("is_active") == "1",
                )
            except ValidationError as error:
                use_errors[status.pk] = [m for ms in error.message_dict.values() for m in ms]
            else:
                messages.success(request, gettext("The status is saved."))
                return redirect("setup_statuses")
        else:
            form = LocalFrameForm(request.POST, prefix=f"s{status.pk}")
            bound[status.pk] = form
            if form.is_valid():
                try:
                    local_frame_set(actor=request.user, status=status, **form.cleaned_data)
                except ValidationError as error:
                    _refusal_to_form(form, error)
                else:
                    messages.success(request, gettext("The municipality's frame is saved."))
                    return redirect("setup_statuses")
        status_code = 400
    rows = [
        {
            "row": row,
            "form": bound.get(row.status.pk)
            or LocalFrameForm(initial=_local_initial(row), prefix=f"s{row.status.pk}"),
            "use_errors": use_errors.get(row.status.pk, []),
        }
        for row in status_setup_list()
    ]
    return render(request, "web/setup/statuses.html", {"rows": rows}, status=status_code)


@permission_action("configuration.change")
def service_forms(request):
    """Service forms and target groups: add, rename, retire (or take back into use)."""
    form_add = ServiceFormAddForm(prefix="form")
    group_add = TargetGroupAddForm(prefix="group")
    edit_forms: dict[str, object] = {}
    status_code = 200
    if request.method == "POST":
        kind = request.POST.get("kind")
        if kind == "form_add":
            form_add = ServiceFormAddForm(request.POST, prefix="form")
            if form_add.is_valid():
                try:
                    service_form_create(actor=request.user, **form_add.cleaned_data)
                except ValidationError as error:
                    _refusal_to_form(form_add, error)
                else:
                    messages.success(request, gettext("The service form is added."))
                    return redirect("setup_service_forms")
        elif kind == "group_add":
            group_add = TargetGroupAddForm(request.POST, prefix="group")
            if group_add.is_valid():
                try:
                    target_group_create(actor=request.user, **group_add.cleaned_data)
                except ValidationError as error:
                    _refusal_to_form(group_add, error)
                else:
                    messages.success(request, gettext("The target group is added."))
                    return redirect("setup_service_forms")
        elif kind == "form_edit":
            row = _posted(ServiceForm, request)
            edit = ServiceFormEditForm(request.POST, prefix=f"f{row.pk}")
            edit_forms[f"f{row.pk}"] = edit
            if edit.is_valid():
                try:
                    service_form_update(actor=request.user, service_form=row, **edit.cleaned_data)
                except ValidationError as error:
                    _refusal_to_form(edit, error)
                else:
                    messages.success(request, gettext("The service form is saved."))
                    return redirect("setup_service_forms")
        elif kind == "group_edit":
            row = _posted(TargetGroup, request)
            edit = TargetGroupEditForm(request.POST, prefix=f"g{row.pk}")
            edit_forms[f"g{row.pk}"] = edit
            if edit.is_valid():
                try:
                    target_group_update(actor=request.user, target_group=row, **edit.cleaned_data)
                except ValidationError as error:
                    _refusal_to_form(edit, error)
                else:
                    messages.success(request, gettext("The target group is saved."))
                    return redirect("setup_service_forms")
        status_code = 400
    forms_rows = [
        (
            row,
            edit_forms.get(f"f{row.pk}")
            or ServiceFormEditForm(
                prefix=f"f{row.pk}",
                initial={
                    "name": row.name,
                    "description": row.description,
                    "is_active": row.is_active,
                },
            ),
        )
        for row in service_form_setup_list()
    ]
    group_rows = [
        (
            row,
            edit_forms.get(f"g{row.pk}")
            or TargetGroupEditForm(
                prefix=f"g{row.pk}", initial={"name": row.name, "is_active": row.is_active}
            ),
        )
        for row in target_group_setup_list()
    ]
    context = {
        "form_add": form_add,
        "group_add": group_add,
        "forms_rows": forms_rows,
        "group_rows": group_rows,
    }
    return render(request, "web/setup/service_forms.html", context, status=status_code)


def _instrument_rows() -> list[dict]:
    rows = []
    for instrument in capacity_instrument_list():
        versions = list(instrument.versions.all())
        published = [v for v in versions if v.status == InstrumentVersion.Status.PUBLISHED]
        drafts = [v for v in versions if v.status == InstrumentVersion.Status.DRAFT]
        shown = (published or versions)[-1] if versions else None
        rows.append(
            {
                "instrument": instrument,
                "version": shown,
                "published": published[-1] if published else None,
                "draft": drafts[-1] if drafts else None,
                "raters": [RaterType(code).label for code in (shown.rater_types if shown else [])],
            }
        )
    return rows


@permission_action("capacity.instrument.manage")
def instruments(request):
    """The platform's instruments (load, take in use) and the municipality's own (author, publish).

    A published version never changes: assessments point at it. The platform's instruments
    are updated by loading them again (a new version when the shipped content changed).
    """
    author = InstrumentAuthorForm(prefix="new")
    errors: list[str] = []
    status_code = 200
    if request.method == "POST":
        kind = request.POST.get("kind")
        try:
            if kind == "sync":
                report = platform_instruments_sync(actor=request.user)
                changed = sum(1 for outcome in report.values() if outcome != "unchanged")
                messages.success(
                    request,
                    gettext("The platform's instruments are loaded (%(count)d new or updated).")
                    % {"count": changed},
                )
                return redirect("setup_instruments")
            if kind == "active":
                instrument = _posted(Instrument, request)
                capacity_instrument_active_set(
                    actor=request.user,
                    instrument=instrument,
                    is_active=request.POST.get("is_active") == "1",
                )
                messages.success(request, gettext("The instrument is saved."))
                return redirect("setup_instruments")
            if kind == "publish":
                version = _posted(InstrumentVersion, request)
                capacity_version_publish(actor=request.user, version=version)
                messages.success(request, gettext("The instrument version is published."))
                return redirect("setup_instruments")
            if kind == "author":
                author = InstrumentAuthorForm(request.POST, prefix="new")
                if author.is_valid():
                    try:
                        capacity_instrument_author(
                            actor=request.user,
                            language=(get_language() or "fi")[:2],
                            **author.cleaned_data,
                        )
                    except ValidationError as error:
                        _refusal_to_form(author, error)
                    else:
                        messages.success(
                            request,
                            gettext("The instrument is saved as a draft; publish it to use it."),
                        )
                        return redirect("setup_instruments")
        except ValidationError as error:
            errors = [m for ms in error.message_dict.values() for m in ms]
        status_code = 400
    context = {"author": author, "rows": _instrument_rows(), "errors": errors}
    return render(request, "web/setup/instruments.html", context, status=status_code)
