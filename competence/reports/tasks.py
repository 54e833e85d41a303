"""Building a version's PDF in the background (takes ids, idempotent, progress on the row)."""

from __future__ import annotations

from celery import shared_task
from django.core.files.base import ContentFile
from django.db import transaction
from django_tenants.utils import schema_context

from .models import ReportFile
from .pdf import report_filename, report_pdf


def _progress(file_id: int, **values) -> None:
    ReportFile.objects.filter(pk=file_id).update(**values)


@shared_task(name="reports.report_pdf_build", acks_late=True)
def report_pdf_build(schema_name: str, version_id: int) -> str:
    """Render and store the PDF of one finalised version in ``schema_name``.

    Idempotent: a version whose PDF is already stored is left as it is. Progress (0–100) is
    written on the ``ReportFile`` row, which the page polls.
    """
    with schema_context(schema_name):
        row = ReportFile.objects.select_related("version__report").get(version_id=version_id)
        if row.status == ReportFile.Status.DONE and row.file:
            return "unchanged"
        _progress(row.pk, status=ReportFile.Status.RUNNING, progress=10, error="")
        try:
            content = report_pdf(version=row.version)
            _progress(row.pk, progress=70)
            with transaction.atomic():
                row = ReportFile.objects.select_for_update().get(pk=row.pk)
                row.file.save(report_filename(row.version), ContentFile(content), save=False)
                row.size = len(content)
                row.status = ReportFile.Status.DONE
                row.progress = 100
                row.save()
        except Exception as error:
            _progress(row.pk, status=ReportFile.Status.FAILED, error=str(error)[:500])
            raise
        return "built"
