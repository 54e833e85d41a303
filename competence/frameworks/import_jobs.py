"""Framework imports requested by a platform operator and run by a Celery worker.

``framework_import_request`` stores the request (an uploaded document or an ePerusteet id) as a
``FrameworkImport`` status row; the caller queues ``qualifications.framework_import_run`` with
``tasks.framework_import_queue`` (sent once the row is committed). ``framework_import_run``
advances the row step by step, each step committed on its own so the row can be polled, and
imports through ``qualification_import`` (one transaction: a broken document writes no
requirement). The Django admin on the public host offers it now; the operator screens on the
public host will call the same service and queue.
"""

from __future__ import annotations

import gzip
import hashlib

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from accounts.permissions import permission_required_for
from valmo.errors import refuse

from .client import EPERUSTEET_API_BASE, EperusteetUnavailableError, peruste_fetch
from .eperusteet import EperusteetFormatError, parse_peruste_bytes
from .models import FrameworkImport
from .samples import GZIP_MAGIC
from .services import qualification_import

MAX_UPLOAD_BYTES = 64 * 1024 * 1024


@transaction.atomic
@permission_required_for("qualification.import")
def framework_import_request(
    *,
    actor: User | None,
    upload: UploadedFile | None = None,
    eperusteet_id: int | None = None,
) -> FrameworkImport:
    """Queue the import of one document: an uploaded ``.json``/``.json.gz`` or an id to fetch."""
    if (upload is None) == (eperusteet_id is None):
        raise refuse("document", gettext("Give either a file or an ePerusteet id."))
    job = FrameworkImport(requested_by="" if actor is None else str(actor)[:254])
    if upload is not None:
        if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
            raise refuse("document", gettext("The file is larger than 64 MB."))
        name = (upload.name or "peruste.json").rsplit("/", 1)[-1]
        if not name.endswith((".json", ".json.gz")):
            raise refuse("document", gettext("Upload an ePerusteet JSON file (.json or .json.gz)."))
        job.filename = name[:255]
        job.document.save(name, upload, save=False)
    else:
        if eperusteet_id is None or eperusteet_id <= 0:
            raise refuse("eperusteet_id", gettext("Enter a positive ePerusteet id."))
        job.eperusteet_id = eperusteet_id
    job.save()
    return job


def _advance(job: FrameworkImport, **changes: object) -> None:
    """Commit one step of the row on its own, so a poller sees it at once."""
    for name, value in changes.items():
        setattr(job, name, value)
    with transaction.atomic():
        job.save(update_fields=list(changes))


def _document_bytes(job: FrameworkImport, *, api_base: str, timeout: float) -> tuple[bytes, str]:
    if job.eperusteet_id is not None:
        return peruste_fetch(job.eperusteet_id, api_base=api_base, timeout=timeout)
    with job.document.open("rb") as handle:
        raw = handle.read()
    if raw.startswith(GZIP_MAGIC):
        raw = gzip.decompress(raw)
    return raw, f"upload:{job.filename}"


def framework_import_run(
    *, import_id: int, api_base: str = EPERUSTEET_API_BASE, timeout: float = 30.0
) -> FrameworkImport:
    """Run a queued import; a finished one is left as it is (the task may be delivered twice)."""
    job = FrameworkImport.objects.get(pk=import_id)
    if job.is_finished:
        return job
    S = FrameworkImport.Step
    _advance(job, status=FrameworkImport.Status.RUNNING, step=S.READING, progress=10)
    try:
        raw, label = _document_bytes(job, api_base=api_base, timeout=timeout)
        _advance(job, step=S.PARSING, progress=40)
        parsed = parse_peruste_bytes(raw)
        _advance(job, step=S.IMPORTING, progress=70)
        result = qualification_import(
            parsed=parsed,
            raw_sha256=hashlib.sha256(raw).hexdigest(),
            source=label,
            actor=job.requested_by or None,
        )
    except EperusteetFormatError as error:
        message = gettext("Not a usable ePerusteet document at %(path)s: %(detail)s") % {
            "path": error.path,
            "detail": error.detail,
        }
        return _fail(job, message)
    except (EperusteetUnavailableError, OSError, EOFError) as error:
        return _fail(job, str(error))
    except ValidationError as error:
        return _fail(job, "; ".join(error.messages))
    qualification = result.qualification
    _advance(
        job,
        status=FrameworkImport.Status.DONE,
        step=S.FINISHED,
        progress=100,
        finished_at=timezone.now(),
        version=result.version,
        result={
            "status": str(result.status),
            "eperusteet_id": qualification.eperusteet_id,
            "name": qualification.display_name,
            "version": result.version.sequence,
            "units": result.units.as_dict(),
            "requirements": result.requirements.as_dict(),
            "skipped": [{"unit": unit, "reason": reason} for unit, reason in result.skipped],
        },
    )
    return job


def _fail(job: FrameworkImport, message: str) -> FrameworkImport:
    _advance(
        job,
        status=FrameworkImport.Status.FAILED,
        step=FrameworkImport.Step.FINISHED,
        progress=100,
        finished_at=timezone.now(),
        error=message[:5000],
    )
    return job
