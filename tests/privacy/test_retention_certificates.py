"""Retention meets an issued competence certificate, which the database keeps immutable."""

from __future__ import annotations

from datetime import date

import pytest

from competence.models import CompetenceCertificate, CompetenceRecord
from privacy.models import AuditEvent, RetentionRecord
from privacy.services import retention_run
from tests.coaching.conftest import make_period, make_trainee, staff, status, work_unit  # noqa: F401
from tests.competence.conftest import (  # noqa: F401
    log_day,
    peruste,
    recognise,
    site,
    tasks,
    yard_unit,
)
from tests.competence.test_certificates import environment, issue, period, ticked  # noqa: F401
from tests.privacy.test_retention import _close

pytestmark = pytest.mark.django_db


def test_an_issued_certificate_is_kept_and_reported_the_rest_is_anonymised(
    staff,  # noqa: F811
    period,  # noqa: F811
    ticked,  # noqa: F811
):
    certificate = issue(staff, period)
    snapshot, content_hash = certificate.snapshot, certificate.content_hash
    _close(period, staff.admin, date(2026, 6, 1))

    report = retention_run(today=date(2032, 6, 1))

    assert (report.anonymised, report.failed) == ([period.trainee_id], {})
    kept = CompetenceCertificate.objects.get(pk=certificate.pk)
    assert (kept.snapshot, kept.content_hash) == (snapshot, content_hash)
    assert set(
        CompetenceRecord.objects.filter(period=period).values_list(
            "additional_information", flat=True
        )
    ) == {""}
    summary = RetentionRecord.objects.get(trainee_id=period.trainee_id).summary
    assert summary["kept_immutable"] == ["competence.competencecertificate"]
    event = AuditEvent.objects.get(action="anonymise", trainee_id=period.trainee_id)
    assert event.detail["rows"]["kept_immutable"] == ["competence.competencecertificate"]
