"""The data-subject export as a PDF built in the background, with progress.

``trainee_export_request`` stores an ``ExportJob``; the caller queues
``privacy.trainee_export_build`` with ``privacy.tasks.trainee_export_queue`` (sent once the row
is committed, in the municipality's schema).
``trainee_export_build`` collects and audits the data through ``trainee_export`` (one
transaction), then renders the tagged PDF and saves it through the storage API; each step is
committed on its own so the status page sees it. A retry of a finished job does nothing.
"""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.models import User
from accounts.permissions import can, permission_required_for
from privacy.documents import pdf_render
from privacy.models import ExportJob
from valmo import graph
from valmo.errors import refuse

from .export import trainee_export

logger = logging.getLogger(__name__)

LANGUAGES = ("fi", "sv", "en")


@transaction.atomic
@permission_required_for("trainee.export", obj="trainee")
def trainee_export_request(*, actor: User, trainee: models.Model, language: str) -> ExportJob:
    """Queue a PDF of everything about ``trainee`` in ``language`` (fi, sv or en)."""
    if language not in LANGUAGES:
        raise refuse("language", gettext("Choose Finnish, Swedish or English."))
    job = ExportJob.objects.create(trainee_id=trainee.pk, requested_by=actor, language=language)
    return job


def _advance(job: ExportJob, **changes: object) -> None:
    for name, value in changes.items():
        setattr(job, name, value)
    with transaction.atomic():
        job.save(update_fields=list(changes))


def trainee_export_build(*, job_id: int) -> ExportJob:
    """Build a queued export (the task may deliver it twice: a finished job is left alone)."""
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    if job.is_finished:
        return job
    step = ExportJob.Step
    _advance(job, status=ExportJob.Status.RUNNING, step=step.COLLECTING, progress=10)
    trainee = graph.trainee_model()._default_manager.filter(pk=job.trainee_id).first()
    if trainee is None or not can(job.requested_by, "trainee.export", trainee):
        return _fail(job, gettext("The trainee is no longer within your reach."))
    with translation.override(job.language):
        document = trainee_export(actor=job.requested_by, trainee=trainee, fmt="pdf", render=False)
        rows = sum(len(rows) for rows in document.data["records"].values())
        _advance(job, step=step.RENDERING, progress=40, rows=rows)
        pdf = pdf_render(document.content.decode())
    _advance(job, step=step.STORING, progress=90)
    name = document.filename.removesuffix(".html") + ".pdf"
    job.file.save(name, ContentFile(pdf), save=False)
    _advance(
        job,
        file=job.file.name,
        status=ExportJob.Status.DONE,
        step=step.FINISHED,
        progress=100,
        finished_at=timezone.now(),
    )
    return job


def _fail(job: ExportJob, message: str) -> ExportJob:
    _advance(
        job,
        status=ExportJob.Status.FAILED,
        step=ExportJob.Step.FINISHED,
        progress=100,
        finished_at=timezone.now(),
        error=message,
    )
    return job


@transaction.atomic
def export_jobs_delete_for(*, trainee_id: int) -> int:
    """Delete a trainee's built exports and their files (anonymisation and erasure)."""
    jobs = list(ExportJob.objects.filter(trainee_id=trainee_id))
    names = [job.file.name for job in jobs if job.file]
    storage = ExportJob._meta.get_field("file").storage

    def delete_files() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete_files)
    ExportJob.objects.filter(pk__in=[job.pk for job in jobs]).delete()
    return len(jobs)
