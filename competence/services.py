"""Competence writes: recognitions, task mappings, ticks, acknowledgements and certificates.

Every function is keyword-only, one transaction, takes an explicit ``actor`` and raises
``ValidationError({field: [message]})`` for a broken rule (``PermissionDenied`` for a wrong
actor); a refused call writes nothing. See ``docs/competence.md`` for the rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from accounts.permissions import permission_required_for
from coaching.models import (
    Attendance,
    CoachingPeriod,
    DailyEntry,
    Site,
    WorkTask,
    WorkUnit,
)
from coaching.services.common import refuse
from competence.frameworks.models import Qualification, QualificationVersion, Requirement, Unit
from privacy import audit
from valmo.events import event_publish

from .models import (
    CompetenceCertificate,
    CompetenceEvidence,
    CompetenceRecord,
    LearningEnvironment,
    RecognisedRequirement,
    WorkTaskRequirement,
)
from .selectors import (
    competence_certificate_preview,
    daily_entries_with_places,
    entry_place,
    snapshot_hash,
)

__all__ = [
    "Signer",
    "competence_certificate_correct",
    "competence_certificate_issue",
    "competence_record_discussion_request",
    "competence_record_tick",
    "competence_record_untick",
    "competence_record_update",
    "competence_records_acknowledge",
    "learning_environment_recognise",
    "learning_environment_requirements_add",
    "work_task_requirements_set",
]


def _valid_in(version: QualificationVersion) -> Q:
    """Rows of the version's qualification that were valid in that version."""
    return Q(introduced_in__sequence__lte=version.sequence) & (
        Q(superseded_in__isnull=True) | Q(superseded_in__sequence__gt=version.sequence)
    )


def _requirements_for(
    *,
    version: QualificationVersion,
    units: Iterable[Unit],
    requirements: Iterable[Requirement],
) -> list[Requirement]:
    """Expand units to their requirements; every row must be valid in ``version``."""
    units = list(units)
    requirements = list(requirements)
    qualification_id = version.qualification_id
    valid_units = set(
        Unit.objects.filter(_valid_in(version), qualification_id=qualification_id)
        .filter(pk__in=[unit.pk for unit in units])
        .values_list("pk", flat=True)
    )
    if len(valid_units) != len({unit.pk for unit in units}):
        raise refuse(
            "units",
            gettext("Choose units of this qualification that are valid in the chosen version."),
        )
    chosen = set(
        Requirement.objects.filter(_valid_in(version), unit__qualification_id=qualification_id)
        .filter(pk__in=[row.pk for row in requirements])
        .values_list("pk", flat=True)
    )
    if len(chosen) != len({row.pk for row in requirements}):
        raise refuse(
            "requirements",
            gettext(
                "Choose requirements of this qualification that are valid in the chosen version."
            ),
        )
    chosen |= set(
        Requirement.objects.filter(_valid_in(version), unit_id__in=valid_units).values_list(
            "pk", flat=True
        )
    )
    if not chosen:
        raise refuse("requirements", gettext("Choose at least one unit or requirement."))
    return list(Requirement.objects.filter(pk__in=chosen).order_by("unit_id", "position", "pk"))


def _not_future(field: str, day: date) -> None:
    if day > timezone.localdate():
        raise refuse(field, gettext("The date cannot be in the future."))


# --------------------------------------------------------------------------------------------
# Learning-environment recognition and task mapping
# --------------------------------------------------------------------------------------------


@transaction.atomic
@permission_required_for("competence.environment.manage")
def learning_environment_recognise(
    *,
    actor: User,
    qualification: Qualification,
    recogniser_name: str,
    recogniser_organisation: str,
    recognised_on: date,
    site: Site | None = None,
    work_unit: WorkUnit | None = None,
    version: QualificationVersion | None = None,
    units: Sequence[Unit] = (),
    requirements: Sequence[Requirement] = (),
    recogniser_title: str = "",
    report_url: str = "",
    description: str = "",
) -> LearningEnvironment:
    """Recognise a site or work unit for chosen units and requirements of one version.

    ``version`` defaults to the qualification's current version. Choosing a unit recognises
    every requirement of it that is valid in that version.
    """
    if (site is None) == (work_unit is None):
        raise refuse("site", gettext("Choose either a site or a work unit."))
    if version is None:
        # The caller's instance may predate a newer import; ask the database.
        version = (
            Qualification.objects.select_related("current_version")
            .get(pk=qualification.pk)
            .current_version
        )
    if version is None or version.qualification_id != qualification.pk:
        raise refuse("version", gettext("Choose a version of this qualification."))
    if not recogniser_name.strip():
        raise refuse("recogniser_name", gettext("Name the external recogniser."))
    if not recogniser_organisation.strip():
        raise refuse(
            "recogniser_organisation", gettext("Name the external recogniser's organisation.")
        )
    _not_future("recognised_on", recognised_on)
    if report_url:
        try:
            URLValidator(schemes=["http", "https"])(report_url)
        except ValidationError as error:
            raise refuse("report_url", gettext("Enter a valid web address.")) from error
    rows = _requirements_for(version=version, units=units, requirements=requirements)
    environment = LearningEnvironment.objects.create(
        site=site,
        work_unit=work_unit,
        qualification_version=version,
        description=description.strip(),
        recogniser_name=recogniser_name.strip(),
        recogniser_title=recogniser_title.strip(),
        recogniser_organisation=recogniser_organisation.strip(),
        recognised_on=recognised_on,
        report_url=report_url,
        recorded_by=actor,
    )
    RecognisedRequirement.objects.bulk_create(
        RecognisedRequirement(environment=environment, requirement=row) for row in rows
    )
    return environment


@transaction.atomic
@permission_required_for("competence.environment.manage")
def learning_environment_requirements_add(
    *,
    actor: User,
    environment: LearningEnvironment,
    units: Sequence[Unit] = (),
    requirements: Sequence[Requirement] = (),
) -> int:
    """Add units or requirements to a recognition; return how many rows were new.

    Nothing is ever removed, because ticks already made rest on the recognised rows.
    """
    rows = _requirements_for(
        version=environment.qualification_version, units=units, requirements=requirements
    )
    known = set(
        RecognisedRequirement.objects.filter(environment=environment).values_list(
            "requirement_id", flat=True
        )
    )
    new = [row for row in rows if row.pk not in known]
    RecognisedRequirement.objects.bulk_create(
        RecognisedRequirement(environment=environment, requirement=row) for row in new
    )
    return len(new)


@transaction.atomic
@permission_required_for("competence.environment.manage")
def work_task_requirements_set(
    *, actor: User, task: WorkTask, requirements: Sequence[Requirement]
) -> list[WorkTaskRequirement]:
    """Make these the requirements a catalogue task can evidence (replacing the old set).

    Newly mapped requirements must be current rows; a mapping made before a new ePerusteet
    version may be kept as it is.
    """
    existing = {link.requirement_id: link for link in task.requirement_links.all()}
    wanted = {row.pk for row in requirements}
    new_ids = wanted - set(existing)
    current = set(
        Requirement.objects.filter(pk__in=new_ids, superseded_in__isnull=True).values_list(
            "pk", flat=True
        )
    )
    if current != new_ids:
        raise refuse(
            "requirements",
            gettext("Map tasks only to requirements of the current qualification versions."),
        )
    WorkTaskRequirement.objects.filter(task=task).exclude(requirement_id__in=wanted).delete()
    WorkTaskRequirement.objects.bulk_create(
        WorkTaskRequirement(task=task, requirement_id=pk, mapped_by=actor) for pk in sorted(new_ids)
    )
    return list(WorkTaskRequirement.objects.filter(task=task).order_by("requirement_id"))


# --------------------------------------------------------------------------------------------
# Competence records
# --------------------------------------------------------------------------------------------


def _evidence_checked(period: CoachingPeriod, evidence: Sequence[DailyEntry]) -> list[DailyEntry]:
    ids = {entry.pk for entry in evidence}
    if not ids:
        raise refuse("evidence", gettext("Link at least one daily-log entry as evidence."))
    entries = list(
        daily_entries_with_places(DailyEntry.objects.filter(pk__in=ids)).order_by("date")
    )
    if len(entries) != len(ids) or any(entry.period_id != period.pk for entry in entries):
        raise refuse(
            "evidence", gettext("Evidence must come from the daily log of this trainee's period.")
        )
    if any(entry.attendance != Attendance.PRESENT for entry in entries):
        raise refuse("evidence", gettext("Evidence must be days on which the trainee was present."))
    return entries


def _environment_for(
    *,
    requirement: Requirement,
    entries: Sequence[DailyEntry],
    environment: LearningEnvironment | None,
) -> LearningEnvironment:
    """The recognition that allows the tick: it names the requirement and covers an evidence day."""
    recognising = list(
        LearningEnvironment.objects.filter(recognised_requirements__requirement=requirement)
        .select_related("work_unit")
        .order_by("-recognised_on", "-pk")
    )
    if not recognising:
        raise refuse(
            "requirement",
            gettext("The requirement is not recognised in any learning environment."),
        )
    starts: dict[int, date | None] = {}
    places = [entry_place(entry, starts) for entry in entries]
    if environment is not None:
        if environment.pk not in {row.pk for row in recognising}:
            raise refuse(
                "environment",
                gettext("This learning environment is not recognised for the requirement."),
            )
        if not any(place.covered_by(environment) for place in places):
            raise refuse(
                "environment",
                gettext("The evidence does not show work in this learning environment."),
            )
        return environment
    for candidate in recognising:
        if any(place.covered_by(candidate) for place in places):
            return candidate
    raise refuse(
        "requirement",
        gettext(
            "The evidence does not show work in a learning environment recognised for this "
            "requirement."
        ),
    )


def _reached_on_checked(entries: Sequence[DailyEntry], reached_on: date | None) -> date:
    reached_on = reached_on or max(entry.date for entry in entries)
    _not_future("reached_on", reached_on)
    if reached_on < min(entry.date for entry in entries):
        raise refuse(
            "reached_on", gettext("The date reached cannot be before the first evidence day.")
        )
    return reached_on


def _evidence_replace(record: CompetenceRecord, entries: Sequence[DailyEntry]) -> None:
    CompetenceEvidence.objects.filter(record=record).delete()
    CompetenceEvidence.objects.bulk_create(
        CompetenceEvidence(record=record, entry=entry) for entry in entries
    )


@transaction.atomic
@permission_required_for("competence.record", obj="period")
def competence_record_tick(
    *,
    actor: User,
    period: CoachingPeriod,
    requirement: Requirement,
    evidence: Sequence[DailyEntry],
    reached_on: date | None = None,
    environment: LearningEnvironment | None = None,
    additional_information: str = "",
) -> CompetenceRecord:
    """Tick a requirement as reached in a period, with daily-log entries as evidence.

    Allowed only for a requirement row named by a recognition that covers a place where an
    evidence day took place; without ``environment`` the newest such recognition is used.
    ``reached_on`` defaults to the last evidence day. Ticking a record that was unticked
    ticks it again (a new revision).
    """
    entries = _evidence_checked(period, evidence)
    chosen = _environment_for(requirement=requirement, entries=entries, environment=environment)
    reached_on = _reached_on_checked(entries, reached_on)
    record = (
        CompetenceRecord.objects.select_for_update()
        .filter(period=period, requirement=requirement)
        .first()
    )
    if record is not None and record.reached:
        raise refuse("requirement", gettext("The requirement is already ticked in this period."))
    if record is None:
        record = CompetenceRecord(period=period, requirement=requirement, revision=1)
    else:
        record.revision += 1
    record.environment = chosen
    record.reached = True
    record.reached_on = reached_on
    record.coach = actor
    record.additional_information = additional_information.strip()
    record.save()
    _evidence_replace(record, entries)
    return record


@transaction.atomic
@permission_required_for("competence.record", obj="record")
def competence_record_update(
    *,
    actor: User,
    record: CompetenceRecord,
    evidence: Sequence[DailyEntry] | None = None,
    reached_on: date | None = None,
    additional_information: str | None = None,
) -> CompetenceRecord:
    """Change a tick's evidence, date or additional information (a new revision if changed)."""
    record = CompetenceRecord.objects.select_for_update().get(pk=record.pk)
    if not record.reached:
        raise refuse("reached", gettext("Tick the requirement again instead."))
    period = record.period
    current = list(record.evidence.order_by("date"))
    entries = current if evidence is None else _evidence_checked(period, evidence)
    if evidence is not None:
        _environment_for(
            requirement=record.requirement, entries=entries, environment=record.environment
        )
    new_date = _reached_on_checked(entries, reached_on or record.reached_on)
    new_info = (
        record.additional_information
        if additional_information is None
        else additional_information.strip()
    )
    evidence_changed = {entry.pk for entry in entries} != {entry.pk for entry in current}
    if (
        not evidence_changed
        and new_date == record.reached_on
        and new_info == record.additional_information
    ):
        return record
    record.reached_on = new_date
    record.additional_information = new_info
    record.coach = actor
    record.revision += 1
    record.save()
    if evidence_changed:
        _evidence_replace(record, entries)
    return record


@transaction.atomic
@permission_required_for("competence.record", obj="record")
def competence_record_untick(*, actor: User, record: CompetenceRecord) -> CompetenceRecord:
    """Withdraw a tick made by mistake. The row stays, so the trainee sees the change."""
    record = CompetenceRecord.objects.select_for_update().get(pk=record.pk)
    if not record.reached:
        raise refuse("reached", gettext("The requirement is not ticked."))
    record.reached = False
    record.coach = actor
    record.revision += 1
    record.save(update_fields=["reached", "coach", "revision", "updated_at"])
    return record


@transaction.atomic
@permission_required_for("competence.acknowledge", obj="period")
def competence_records_acknowledge(
    *, actor: User, period: CoachingPeriod, records: Sequence[CompetenceRecord] | None = None
) -> int:
    """The trainee acknowledges the records of their period as they are now; return how many.

    Every record of the period, or only ``records`` (the trainee's "I agree" on one tick);
    a record of another period is refused at ``records``.
    """
    trainee_user_id = period.trainee.user_id
    if actor is None or trainee_user_id is None or actor.pk != trainee_user_id:
        raise PermissionDenied(gettext("Only the trainee can acknowledge their own records."))
    rows = CompetenceRecord.objects.select_for_update().filter(period=period).order_by("pk")
    if records is not None:
        wanted = {record.pk for record in records}
        rows = rows.filter(pk__in=wanted)
        if not wanted or len(rows) != len(wanted):
            raise refuse("records", gettext("Choose records of this period."))
    pending = [row for row in rows if not row.is_acknowledged]
    now = timezone.now()
    for row in pending:
        row.acknowledged_revision = row.revision
        row.acknowledged_at = now
    CompetenceRecord.objects.bulk_update(pending, ["acknowledged_revision", "acknowledged_at"])
    audit.record_rows("change", pending)  # bulk writes send no signals
    return len(pending)


@transaction.atomic
@permission_required_for("competence.acknowledge", obj="record")
def competence_record_discussion_request(
    *, actor: User, record: CompetenceRecord
) -> CompetenceRecord:
    """The trainee's "I want to discuss this": the coach sees the request on the record until
    the trainee acknowledges it or the record changes (it names the revision asked about)."""
    record = (
        CompetenceRecord.objects.select_for_update(of=("self",))
        .select_related("period__trainee")
        .get(pk=record.pk)
    )
    trainee_user_id = record.period.trainee.user_id
    if actor is None or trainee_user_id is None or actor.pk != trainee_user_id:
        raise PermissionDenied(gettext("Only the trainee can ask to discuss their own records."))
    if not record.reached:
        raise refuse("record", gettext("The requirement is not ticked."))
    if record.is_acknowledged:
        raise refuse("record", gettext("You have already agreed with this record."))
    if record.discussion_requested_revision != record.revision:
        record.discussion_requested_revision = record.revision
        record.discussion_requested_at = timezone.now()
        record.save(
            update_fields=["discussion_requested_revision", "discussion_requested_at", "updated_at"]
        )
    return record


# --------------------------------------------------------------------------------------------
# Certificates
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Signer:
    """A person who signs the certificate on behalf of the organisation."""

    name: str
    title: str = ""
    organisation: str = ""


def _signers_checked(signers: Sequence[Signer]) -> list[dict[str, str]]:
    rows = [{key: value.strip() for key, value in asdict(signer).items()} for signer in signers]
    if not rows or any(not row["name"] for row in rows):
        raise refuse("signers", gettext("Name at least one signer; every signer needs a name."))
    return rows


def _certificate_store(
    *,
    actor: User,
    period: CoachingPeriod,
    language: str,
    signers: Sequence[Signer],
    issued_on: date | None,
    additional_information: str,
    supersedes: CompetenceCertificate | None = None,
    correction_reason: str = "",
) -> CompetenceCertificate:
    if language not in dict(settings.LANGUAGES):
        raise refuse("language", gettext("Choose one of the service's languages."))
    signer_rows = _signers_checked(signers)
    issued_on = issued_on or timezone.localdate()
    _not_future("issued_on", issued_on)
    if issued_on < period.start_on:
        raise refuse("issued_on", gettext("The issue date cannot be before the period starts."))
    if not CompetenceRecord.objects.filter(period=period, reached=True).exists():
        raise refuse("period", gettext("No requirement has been ticked in this period."))
    version = supersedes.version + 1 if supersedes is not None else 1
    snapshot = competence_certificate_preview(
        period=period,
        language=language,
        signers=signer_rows,
        issued_on=issued_on,
        additional_information=additional_information.strip(),
        version=version,
        supersedes=supersedes,
        correction_reason=correction_reason,
    )
    certificate = CompetenceCertificate.objects.create(
        period=period,
        version=version,
        supersedes=supersedes,
        correction_reason=correction_reason,
        language=language,
        issued_on=issued_on,
        issued_at=timezone.now(),
        issued_by=actor,
        signers=signer_rows,
        additional_information=additional_information.strip(),
        statement=snapshot["statement"],
        snapshot=snapshot,
        content_hash=snapshot_hash(snapshot),
    )
    event_publish(
        "certificate.issued",
        object_type="competence.competencecertificate",
        object_id=certificate.pk,
        extra={"period_id": period.pk, "version": version},
    )
    return certificate


@transaction.atomic
@permission_required_for("competence.certificate.issue", obj="period")
def competence_certificate_issue(
    *,
    actor: User,
    period: CoachingPeriod,
    signers: Sequence[Signer],
    language: str = "fi",
    issued_on: date | None = None,
    additional_information: str = "",
) -> CompetenceCertificate:
    """Issue the period's first certificate: freeze a snapshot of the ticks and hash it."""
    period = CoachingPeriod.objects.select_for_update().select_related("trainee").get(pk=period.pk)
    if CompetenceCertificate.objects.filter(period=period).exists():
        raise refuse(
            "period",
            gettext("A certificate has already been issued for this period; issue a correction."),
        )
    return _certificate_store(
        actor=actor,
        period=period,
        language=language,
        signers=signers,
        issued_on=issued_on,
        additional_information=additional_information,
    )


@transaction.atomic
@permission_required_for("competence.certificate.issue", obj="certificate")
def competence_certificate_correct(
    *,
    actor: User,
    certificate: CompetenceCertificate,
    reason: str,
    signers: Sequence[Signer] | None = None,
    language: str | None = None,
    issued_on: date | None = None,
    additional_information: str | None = None,
) -> CompetenceCertificate:
    """Issue a corrected version from the current ticks; the old version stays as it was.

    Only the latest version can be corrected. Signers, language and additional information
    default to the corrected version's.
    """
    period = (
        CoachingPeriod.objects.select_for_update()
        .select_related("trainee")
        .get(pk=certificate.period_id)
    )
    latest = CompetenceCertificate.objects.filter(period=period).order_by("-version").first()
    if latest is None or latest.pk != certificate.pk:
        raise refuse(
            "certificate", gettext("Only the latest version of a certificate can be corrected.")
        )
    if not reason.strip():
        raise refuse("reason", gettext("Give a reason for the correction."))
    return _certificate_store(
        actor=actor,
        period=period,
        language=language or certificate.language,
        signers=(
            signers if signers is not None else [Signer(**row) for row in certificate.signers]
        ),
        issued_on=issued_on,
        additional_information=(
            certificate.additional_information
            if additional_information is None
            else additional_information
        ),
        supersedes=certificate,
        correction_reason=reason.strip(),
    )
