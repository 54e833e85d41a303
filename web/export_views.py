"""The data-subject export as a PDF: request it, watch it being built, download it.

The export is built by a Celery task (``privacy.trainee_export_build``) because a long
history makes a long PDF; the status page reloads itself every two seconds (a ``<meta>``
refresh: no script) until the file is ready. Only who may export the trainee's data
(``trainee.export``: the tenant admin, or the trainee themself) reaches these pages; the build
is logged as an export, and so is each download.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from accounts.permissions import permission_action, rule_for, trainees_visible_to
from privacy import audit
from privacy.models import AuditEvent, ExportJob
from privacy.services import trainee_export_request
from privacy.tasks import trainee_export_queue

from .period_forms import ServiceErrorsMixin

ACTION = "trainee.export"


class ExportRequestForm(ServiceErrorsMixin):
    language = forms.ChoiceField(label=_("Language of the document"), choices=settings.LANGUAGES)


def _trainee_or_404(request, pk: int):
    return get_object_or_404(trainees_visible_to(request.user, ACTION), pk=pk)


def _audit_read(trainee) -> None:
    """The pages show the trainee's name: logged as a read under the export's purpose."""
    rule = rule_for(ACTION)
    audit.record_rows(
        "read",
        [trainee],
        section=rule.section,
        purpose=rule.purpose,
        trainee_ids={trainee.pk: trainee.pk},
    )


def _job_or_404(request, pk: int) -> tuple[ExportJob, Model]:
    job = ExportJob.objects.filter(pk=pk).first()
    if job is None:
        raise Http404(gettext("No such export."))
    trainee = trainees_visible_to(request.user, ACTION).filter(pk=job.trainee_id).first()
    if trainee is None:
        raise Http404(gettext("No such export."))
    return job, trainee


@permission_action(ACTION)
def trainee_export(request, pk: int):
    """Ask for a PDF of everything recorded about the trainee, and list the earlier ones."""
    trainee = _trainee_or_404(request, pk)
    form = ExportRequestForm(
        data=request.POST if request.method == "POST" else None,
        initial={"language": (get_language() or "fi")[:2]},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                job = trainee_export_request(
                    actor=request.user, trainee=trainee, language=form.cleaned_data["language"]
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                trainee_export_queue(job.pk)
                return redirect("trainee_export_status", pk=job.pk)
    jobs = ExportJob.objects.filter(trainee_id=trainee.pk).select_related("requested_by")[:10]
    _audit_read(trainee)
    return render(
        request,
        "web/exports/request.html",
        {"trainee": trainee, "form": form, "jobs": jobs},
        status=status,
    )


@permission_action(ACTION)
def trainee_export_status(request, pk: int):
    """The export's progress; reloads itself until the PDF is ready or the build failed."""
    job, trainee = _job_or_404(request, pk)
    _audit_read(trainee)
    return render(request, "web/exports/status.html", {"job": job, "trainee": trainee})


@permission_action(ACTION)
def trainee_export_download(request, pk: int):
    """The built PDF; each download is logged as an export of the trainee's data."""
    job, trainee = _job_or_404(request, pk)
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404(gettext("The export is not ready."))
    rule = rule_for(ACTION)
    audit.record(
        action=AuditEvent.Action.EXPORT,
        obj=trainee,
        section=rule.section,
        purpose=rule.purpose,
        detail={"format": "pdf", "job": job.pk, "download": True},
    )
    return FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=job.file.name.rsplit("/", 1)[-1],
        content_type="application/pdf",
    )
