"""Competence certificates: the frozen snapshot, its hash, immutability and corrections."""

from __future__ import annotations

import copy
import hashlib
import json
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from competence import selectors, services
from competence.models import CompetenceCertificate
from competence.services import Signer

from .conftest import DAY1, DAY2, START, import_peruste, newer_version, peruste_data
from .test_recognition import YARD_UNIT, field_of

pytestmark = pytest.mark.django_db

SIGNERS = [Signer(name="Veera Valmentaja", title="Työvalmentaja", organisation="Testikunta A")]


def independent_hash(snapshot: dict) -> str:
    canonical = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@pytest.fixture
def period(make_period, make_trainee):
    return make_period("coaching", trainee=make_trainee(date_of_birth=date(1990, 5, 17)))


@pytest.fixture
def environment(recognise, peruste, yard_unit):
    return recognise(
        work_unit=yard_unit,
        units=[peruste.unit(YARD_UNIT)],
        report_url="https://www.paikko.fi/oppimisymparisto/testi/",
    )


@pytest.fixture
def ticked(staff, period, peruste, tasks, log_day, environment):
    """Lawn care and machines ticked; winter maintenance ticked and withdrawn."""
    first = log_day(period, DAY1, tasks.yard)
    second = log_day(period, DAY2, tasks.yard)
    records = {}
    for code, evidence in (("a9201", [first]), ("a9202", [first]), ("a9203", [first, second])):
        records[code] = services.competence_record_tick(
            actor=staff.coach,
            period=period,
            requirement=peruste.requirement(code),
            evidence=evidence,
            additional_information="Itsenäisesti" if code == "a9201" else "",
        )
    services.competence_record_untick(actor=staff.coach, record=records["a9202"])
    return records


def issue(staff, period, **extra):
    arguments = {"signers": SIGNERS, "issued_on": DAY2, **extra}
    return services.competence_certificate_issue(actor=staff.coach, period=period, **arguments)


def requirement_codes(snapshot: dict) -> list[str]:
    return [
        requirement["code"].removeprefix("ammattitaitovaatimukset_")
        for qualification in snapshot["qualifications"]
        for unit in qualification["units"]
        for group in unit["groups"]
        for requirement in group["requirements"]
    ]


def test_issuing_freezes_everything_the_pdf_needs(staff, tenants, period, ticked, yard_unit):
    certificate = issue(staff, period, additional_information=" Hyvä työote ")
    snapshot = certificate.snapshot

    assert (certificate.version, certificate.supersedes, certificate.language) == (1, None, "fi")
    assert (certificate.issued_on, certificate.issued_by) == (DAY2, staff.coach)
    assert snapshot["trainee"] == {
        "first_name": period.trainee.first_name,
        "last_name": period.trainee.last_name,
        "date_of_birth": "1990-05-17",
    }
    assert snapshot["organisation"]["name"] == tenants.a.name
    assert snapshot["sites"] == [{"name": "Testitoimipiste", "address": "Testikatu 1"}]
    (environment,) = snapshot["learning_environments"]
    assert environment["work_unit"] == yard_unit.name
    assert environment["recogniser"] == {
        "name": "Riitta Tunnistaja",
        "title": "Opettaja",
        "organisation": "Riveria",
    }
    assert environment["report_url"] == "https://www.paikko.fi/oppimisymparisto/testi/"
    assert snapshot["period"] == {"start_on": START.isoformat(), "ended_on": None}
    (qualification,) = snapshot["qualifications"]
    assert qualification["name"] == "Kiinteistöpalvelujen perustutkinto (testiaineisto)"
    assert qualification["diaarinumero"] == "OPH-9901-2024"
    assert qualification["version"]["sequence"] == 1
    assert qualification["version"]["timestamp"] == 1718013600000
    (unit,) = qualification["units"]
    assert (unit["code"], unit["name"], unit["competence_points"]) == (
        "990102",
        "Piha-alueiden hoitaminen",
        "15",
    )
    (group,) = unit["groups"]
    assert group["heading"] == "Piha-alueiden hoito"
    assert requirement_codes(snapshot) == ["a9201", "a9203"]  # a9202 was withdrawn
    lawn, machines = group["requirements"]
    assert lawn["text"] == "hoitaa nurmialueita ja istutuksia vuodenajan mukaisesti"
    assert (lawn["reached_on"], lawn["additional_information"]) == ("2026-03-09", "Itsenäisesti")
    assert machines["reached_on"] == "2026-03-10"
    assert snapshot["additional_information"] == "Hyvä työote"
    assert certificate.additional_information == "Hyvä työote"
    assert snapshot["signers"] == [
        {"name": "Veera Valmentaja", "title": "Työvalmentaja", "organisation": "Testikunta A"}
    ]
    assert certificate.signers == snapshot["signers"]
    assert snapshot["statement"] == certificate.statement
    assert certificate.statement.strip()
    assert certificate.content_hash == independent_hash(snapshot)


def test_hash_is_verified_after_a_round_trip_through_the_database(staff, period, ticked):
    issued = issue(staff, period)
    stored = CompetenceCertificate.objects.get(pk=issued.pk)

    assert stored.snapshot == issued.snapshot
    assert selectors.competence_certificate_hash_matches(certificate=stored)
    assert selectors.competence_certificate_find_by_hash(
        content_hash=f" {issued.content_hash.upper()} "
    ) == (stored)
    assert selectors.competence_certificate_find_by_hash(content_hash="0" * 64) is None
    stored.snapshot["trainee"]["last_name"] = "Joku muu"
    assert not selectors.competence_certificate_hash_matches(certificate=stored)


def test_database_trigger_refuses_update_and_delete(staff, period, ticked):
    certificate = issue(staff, period)
    table = CompetenceCertificate._meta.db_table
    for statement in (
        f"UPDATE {table} SET additional_information = 'muutettu' WHERE id = %s",  # noqa: S608
        f"DELETE FROM {table} WHERE id = %s",  # noqa: S608
    ):
        with (
            pytest.raises(IntegrityError, match="is issued"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [certificate.pk])
    stored = CompetenceCertificate.objects.get(pk=certificate.pk)
    assert stored.additional_information == certificate.additional_information
    assert selectors.competence_certificate_hash_matches(certificate=stored)


def test_every_municipality_schema_has_the_trigger(tenants):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE t.tgname = 'competence_certificate_immutable'"
        )
        schemas = {row[0] for row in cursor.fetchall()}
    assert {tenants.a.schema_name, tenants.b.schema_name} <= schemas


def test_model_and_queryset_refuse_changes(staff, period, ticked):
    certificate = issue(staff, period)
    certificate.additional_information = "muutettu"

    with pytest.raises(ValidationError) as error:
        certificate.save()
    assert field_of(error) == ["certificate"]
    with pytest.raises(ValidationError):
        certificate.delete()
    with pytest.raises(ValidationError):
        CompetenceCertificate.objects.filter(pk=certificate.pk).update(language="sv")
    with pytest.raises(ValidationError):
        CompetenceCertificate.objects.filter(pk=certificate.pk).delete()
    assert CompetenceCertificate.objects.get(pk=certificate.pk).additional_information == ""


def test_later_edits_leave_the_issued_version_alone_and_a_correction_is_a_new_version(
    staff, period, peruste, ticked
):
    first = issue(staff, period)
    frozen = copy.deepcopy(first.snapshot)
    entry = ticked["a9201"].evidence.get()
    services.competence_record_untick(actor=staff.coach, record=ticked["a9203"])
    services.competence_record_tick(
        actor=staff.coach, period=period, requirement=peruste.requirement("a9202"), evidence=[entry]
    )
    services.competence_record_update(
        actor=staff.coach, record=ticked["a9201"], additional_information="Erinomaisesti"
    )

    first.refresh_from_db()
    assert first.snapshot == frozen
    assert selectors.competence_certificate_hash_matches(certificate=first)

    with pytest.raises(ValidationError) as error:
        issue(staff, period)
    assert field_of(error) == ["period"]
    with pytest.raises(ValidationError) as error:
        services.competence_certificate_correct(actor=staff.coach, certificate=first, reason=" ")
    assert field_of(error) == ["reason"]

    second = services.competence_certificate_correct(
        actor=staff.admin, certificate=first, reason="Talvityöt lisätty", issued_on=DAY2
    )
    assert (second.version, second.supersedes, second.issued_by) == (2, first, staff.admin)
    assert second.correction_reason == "Talvityöt lisätty"
    assert second.snapshot["supersedes"] == {"version": 1, "content_hash": first.content_hash}
    assert second.snapshot["correction_reason"] == "Talvityöt lisätty"
    assert requirement_codes(second.snapshot) == ["a9201", "a9202"]
    lawn = second.snapshot["qualifications"][0]["units"][0]["groups"][0]["requirements"][0]
    assert lawn["additional_information"] == "Erinomaisesti"
    assert second.signers == first.signers  # defaults to the corrected version's
    assert second.content_hash == independent_hash(second.snapshot)
    assert second.content_hash != first.content_hash

    assert selectors.competence_certificate_current(period=period) == second
    assert list(selectors.competence_certificate_list(period=period)) == [first, second]
    first.refresh_from_db()
    assert first.superseded_by == second
    assert first.snapshot == frozen
    with pytest.raises(ValidationError) as error:
        services.competence_certificate_correct(actor=staff.coach, certificate=first, reason="x")
    assert field_of(error) == ["certificate"]


def test_database_requires_a_correction_to_supersede(staff, period, ticked):
    first = issue(staff, period)
    row = {
        field.name: getattr(first, field.name)
        for field in CompetenceCertificate._meta.concrete_fields
        if field.name not in ("id", "version", "content_hash")
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        CompetenceCertificate.objects.create(**row, version=2, content_hash="x" * 64)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"signers": []}, "signers"),
        ({"signers": [Signer(name=" ", title="Työvalmentaja")]}, "signers"),
        ({"language": "de"}, "language"),
        ({"issued_on": "tomorrow"}, "issued_on"),
        ({"issued_on": START - timedelta(days=1)}, "issued_on"),
    ],
)
def test_issue_rules(staff, period, ticked, changes, field):
    if changes.get("issued_on") == "tomorrow":
        changes["issued_on"] = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        issue(staff, period, **changes)
    assert field_of(error) == [field]
    assert not CompetenceCertificate.objects.exists()


def test_a_period_without_ticks_gets_no_certificate(staff, make_period):
    with pytest.raises(ValidationError) as error:
        issue(staff, make_period("coaching"))
    assert field_of(error) == ["period"]


@pytest.mark.parametrize("role", ["unit_supervisor", "trainee"])
def test_only_coaching_staff_issue(make_user, tenant_a, period, ticked, role):
    with pytest.raises(PermissionDenied):
        services.competence_certificate_issue(
            actor=make_user(tenant_a, role=role), period=period, signers=SIGNERS
        )


def test_certificate_in_swedish(staff, period, ticked):
    snapshot = issue(staff, period, language="sv").snapshot

    (unit,) = snapshot["qualifications"][0]["units"]
    assert unit["name"] == "Skötsel av gårdsområden"
    assert unit["groups"][0]["heading"] == "Skötsel av gårdsområden"
    texts = [row["text"] for row in unit["groups"][0]["requirements"]]
    assert texts[0] == "sköta gräsytor och planteringar enligt årstid"
    assert (
        snapshot["qualifications"][0]["name"] == "Grundexamen inom fastighetsservice (testmaterial)"
    )
    assert snapshot["statement"] == selectors.certificate_statement("sv")


def test_certificate_keeps_the_version_the_environment_was_recognised_against(
    staff, period, peruste, ticked
):
    second = import_peruste(newer_version(peruste_data(), yard_text="hoitaa nurmikoita"))
    assert second.version.sequence == 2

    snapshot = issue(staff, period).snapshot

    (qualification,) = snapshot["qualifications"]
    assert qualification["version"]["sequence"] == 1
    lawn = qualification["units"][0]["groups"][0]["requirements"][0]
    assert lawn["text"] == "hoitaa nurmialueita ja istutuksia vuodenajan mukaisesti"
