"""The competence part of the demo: recognition, mappings, ticks and a certificate, once."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from competence.demo import DEMO_FILE, DEMO_MAPPING, DEMO_TICKS, DEMO_UNITS, competence_demo_ensure
from competence.frameworks.samples import sample_path
from onboarding.demo import DEMO_MUNICIPALITIES, demo_data_ensure

pytestmark = pytest.mark.django_db


def competence_counts() -> dict[str, int]:
    from competence import models

    return {
        name: getattr(models, name).objects.count()
        for name in (
            "LearningEnvironment",
            "RecognisedRequirement",
            "WorkTaskRequirement",
            "CompetenceRecord",
            "CompetenceEvidence",
            "CompetenceCertificate",
        )
    }


@pytest.mark.xdist_group("demo")
def test_demo_fills_competence_once(demo):
    from coaching.models import Attendance
    from competence import selectors
    from competence.frameworks.models import Unit
    from competence.frameworks.selectors import requirement_list_for_unit
    from competence.models import CompetenceCertificate, CompetenceRecord, LearningEnvironment

    assert sample_path(DEMO_FILE).is_file()  # shipped with the project

    counts = {}
    for spec in DEMO_MUNICIPALITIES:
        with schema_context(spec["slug"]):
            environment = LearningEnvironment.objects.get()
            assert environment.work_unit.name == "Kiinteistöpalvelut"
            units = Unit.objects.filter(
                eperusteet_id__in=DEMO_UNITS,
                superseded_in=None,
                qualification__eperusteet_id=1721199,
            )
            expected = {row.pk for unit in units for row in requirement_list_for_unit(unit=unit)}
            assert set(environment.requirements.values_list("pk", flat=True)) == expected

            # The ended period's; the demo trainee's own period has two more (tests/web).
            records = list(CompetenceRecord.objects.filter(reached=True, period__phase="ended"))
            assert sorted(r.requirement.code for r in records) == sorted(DEMO_TICKS)
            for record in records:
                evidence = list(record.evidence.all())
                assert len(evidence) == 3
                assert {entry.period_id for entry in evidence} == {record.period_id}
                assert {entry.attendance for entry in evidence} == {Attendance.PRESENT}
                # The evidence is the period's own daily log, recorded by its coach.
                assert {entry.recorded_by_id for entry in evidence} == {record.period.coach_id}
                for entry in evidence:
                    names = {done.task.name for done in entry.tasks_done.all()}
                    assert names & set(DEMO_MAPPING)
                assert record.period.phase == "ended"

            certificate = CompetenceCertificate.objects.get(period__phase="ended")
            assert certificate.period == records[0].period
            assert certificate.issued_on == records[0].period.ended_on
            assert selectors.competence_certificate_hash_matches(certificate=certificate)
            (qualification,) = certificate.snapshot["qualifications"]
            assert qualification["diaarinumero"] == "75/011/2014"
            codes = [
                requirement["code"]
                for unit in qualification["units"]
                for group in unit["groups"]
                for requirement in group["requirements"]
            ]
            assert sorted(codes) == sorted(DEMO_TICKS)
            counts[spec["slug"]] = competence_counts()

    demo_data_ensure(base_domain="demo.test.localhost")
    for spec in DEMO_MUNICIPALITIES:
        with schema_context(spec["slug"]):
            assert competence_counts() == counts[spec["slug"]]


def test_demo_without_the_sample_data_skips_and_writes_nothing(staff, tmp_path, capsys):
    reason = competence_demo_ensure(admin=staff.admin, data_dir=tmp_path)

    assert str(tmp_path / f"{DEMO_FILE}.gz") in reason
    assert "Competence demo skipped" in capsys.readouterr().err
    assert set(competence_counts().values()) == {0}
