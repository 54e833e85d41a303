"""Retention: anonymise what is past retention, keep aggregates valid, erase where allowed."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.db.models import Sum

from coaching import services
from coaching.models import (
    CoachingPeriod,
    DailyEntry,
    PeriodStatus,
    PeriodTransition,
    Referral,
    ReferralRestriction,
    Trainee,
)
from privacy.models import AuditEvent, RetentionRecord, RetentionRule
from privacy.selectors import retention_due_list
from privacy.services import retention_rule_update, retention_run, trainee_erase
from tests.coaching.conftest import at
from tests.privacy.conftest import MARKER

pytestmark = pytest.mark.django_db


def _close(period, admin, day):
    """End, follow up and close a period on ``day``."""
    services.coaching_period_end(
        actor=admin, period=period, outcome="education", at=at(day, 9), reason=""
    )
    for hour, phase in ((10, "follow_up"), (11, "closed")):
        services.coaching_period_transition(
            period=period, to_phase=phase, actor=admin, reason="", at=at(day, hour)
        )
    period.refresh_from_db()
    return period


@pytest.fixture
def closed_work_trial(world):
    """The own trainee: work trial (employment services), closed on 1.6.2026."""
    return _close(world.own.period, world.staff.admin, date(2026, 6, 1))


@pytest.fixture
def closed_rehabilitative(world, make_period, make_trainee, status):
    """A rehabilitative work activity period (social welfare), closed on 1.6.2026."""
    trainee = make_trainee(work_history="Kuntouttava")
    period = make_period("coaching", trainee=trainee, work_trial=False)
    services.period_status_add(
        actor=world.staff.admin,
        period=period,
        status=status("rehabilitative_work"),
        valid_from=period.start_on,
        valid_until=date(2026, 8, 31),
        days_per_week=3,
        hours_per_day=Decimal(5),
    )
    return _close(period, world.staff.admin, date(2026, 6, 1))


def _aggregates():
    return (
        Counter(CoachingPeriod.objects.values_list("phase", "outcome", "start_on", "ended_on")),
        DailyEntry.objects.aggregate(hours=Sum("hours"))["hours"],
        Counter(DailyEntry.objects.values_list("attendance", "date")),
        Counter(PeriodStatus.objects.values_list("status__code", "valid_from", "valid_until")),
        PeriodTransition.objects.count(),
    )


def test_a_social_welfare_period_is_kept_ten_years_others_six(
    world, closed_work_trial, closed_rehabilitative
):
    own = world.own.trainee.pk
    rehab = closed_rehabilitative.trainee_id
    assert retention_due_list(today=date(2032, 5, 31)) == []
    due = retention_due_list(today=date(2032, 6, 1))
    assert [(d.trainee_id, d.legal_basis, d.rule.years) for d in due] == [
        (own, "employment_services", 6)
    ]
    assert [d.trainee_id for d in retention_due_list(today=date(2036, 5, 31))] == [own]
    due = retention_due_list(today=date(2036, 6, 1))
    assert sorted((d.trainee_id, d.legal_basis) for d in due) == sorted(
        [(own, "employment_services"), (rehab, "social_welfare")]
    )


def test_open_periods_are_never_due(world):
    assert retention_due_list(today=date(2100, 1, 1)) == []


def test_anonymising_keeps_aggregates_and_removes_what_identifies(world, closed_work_trial):
    trainee = world.own.trainee
    user = world.users["trainee"]
    attachment = services.referral_attachment_add(
        actor=world.staff.admin,
        referral=world.own.referral,
        file=ContentFile(b"suunnitelma", name="plan.txt"),
        description=f"Suunnitelma {MARKER}",
    )
    storage, stored_name = attachment.file.storage, attachment.file.name
    assert storage.exists(stored_name)
    before = _aggregates()

    report = retention_run(today=date(2032, 6, 1))

    assert (report.anonymised, report.erased, report.failed) == ([trainee.pk], [], {})
    assert _aggregates() == before
    trainee.refresh_from_db()
    assert (trainee.first_name, trainee.last_name, trainee.email, trainee.phone) == (
        "Anonymised",
        f"#{trainee.pk}",
        "",
        "",
    )
    assert (trainee.work_history, trainee.user_id) == ("", None)
    assert DailyEntry.objects.get(pk=world.own.entry.pk).learning_notes == ""
    assert Referral.objects.get(pk=world.own.referral.pk).goals == ""
    assert ReferralRestriction.objects.get(referral=world.own.referral).safety_restrictions == ""
    assert set(
        PeriodTransition.objects.filter(period=world.own.period).values_list("reason", flat=True)
    ) == {""}
    assert not storage.exists(stored_name)
    user.refresh_from_db()
    assert (user.is_active, user.has_usable_password()) == (False, False)
    assert MARKER not in user.email
    # The other trainee is untouched.
    assert Trainee.objects.get(pk=world.other.trainee.pk).work_history.endswith("Toinen3Z")

    event = AuditEvent.objects.get(action="anonymise")
    assert (event.trainee_id, event.actor_display, event.purpose) == (
        trainee.pk,
        "system",
        "retention",
    )
    assert event.detail["legal_basis"] == "employment_services"
    assert event.detail["rows"]["coaching.dailyentry"] == 1
    record = RetentionRecord.objects.get(trainee_id=trainee.pk)
    assert (record.kind, record.rule.years) == ("anonymised", 6)


def test_the_retention_run_is_idempotent(world, closed_work_trial):
    first = retention_run(today=date(2032, 6, 1))
    events = AuditEvent.objects.filter(action="anonymise").count()
    second = retention_run(today=date(2032, 6, 1))
    assert first.anonymised == [world.own.trainee.pk]
    assert (second.anonymised, second.erased) == ([], [])
    assert AuditEvent.objects.filter(action="anonymise").count() == events == 1


def test_a_referral_that_never_started_is_erased_after_a_year(world, make_trainee):
    from tests.privacy.conftest import _referral

    contact = world.own.referral.case_manager
    waiting = make_trainee(work_history="ei aloittanut")
    referral = _referral(
        world.staff.admin, waiting, contact, lambda code: world.own.referral.requested_status, "X"
    )
    assert retention_run(today=date(2027, 3, 1)).erased == []

    report = retention_run(today=date(2027, 3, 2))

    assert report.erased == [waiting.pk]
    assert not Trainee.objects.filter(pk=waiting.pk).exists()
    assert not Referral.objects.filter(pk=referral.pk).exists()
    assert not ReferralRestriction.objects.filter(referral_id=referral.pk).exists()
    event = AuditEvent.objects.get(action="erase")
    assert (event.trainee_id, event.object_id) == (waiting.pk, str(waiting.pk))
    assert event.detail["rows"]["coaching.referral"] == 1
    deletes = AuditEvent.objects.filter(action="delete", trainee_id=waiting.pk)
    assert set(deletes.values_list("object_type", flat=True)) == {
        "coaching.referral",
        "coaching.referralrestriction",
        "coaching.trainee",
    }
    assert RetentionRecord.objects.get(trainee_id=waiting.pk).kind == "erased"


def test_erasure_is_refused_once_a_period_exists(world):
    with pytest.raises(ValidationError) as error:
        trainee_erase(actor=world.staff.admin, trainee=world.own.trainee, reason="pyyntö")
    assert "trainee" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        trainee_erase(actor=world.staff.coach, trainee=world.other.trainee, reason="pyyntö")


def test_retention_rules_are_configurable_within_the_law(world):
    rule = retention_rule_update(
        actor=world.staff.admin,
        record_type="coaching_period",
        legal_basis="employment_services",
        years=8,
    )
    assert (rule.years, rule.disposal) == (8, "anonymise")
    assert RetentionRule.objects.get(pk=rule.pk).years == 8
    for kwargs, field in (
        ({"legal_basis": "social_welfare", "years": 5}, "years"),
        ({"legal_basis": "other", "years": 6, "disposal": "erase"}, "disposal"),
        ({"legal_basis": "other", "years": 0}, "years"),
    ):
        with pytest.raises(ValidationError) as error:
            retention_rule_update(actor=world.staff.admin, record_type="coaching_period", **kwargs)
        assert field in error.value.message_dict
    with pytest.raises(PermissionDenied):
        retention_rule_update(
            actor=world.staff.coach,
            record_type="coaching_period",
            legal_basis="other",
            years=7,
        )


def test_the_default_rules_are_seeded_in_every_municipality(tenants):
    for tenant in (tenants.a, tenants.b):
        connection.set_tenant(tenant)
        rules = {
            (r.record_type, r.legal_basis): (r.years, r.disposal)
            for r in RetentionRule.objects.all()
        }
        assert rules[("coaching_period", "social_welfare")] == (10, "anonymise")
        assert rules[("referral_not_started", "any")] == (1, "erase")


def test_the_periodic_task_fans_out_to_every_municipality(world, closed_work_trial, tenants):
    from privacy.tasks import retention_run_all

    connection.set_schema_to_public()
    queued = retention_run_all.apply(kwargs={"today": "2032-06-01"}).get()
    assert {tenants.a.schema_name, tenants.b.schema_name} <= set(queued)
    connection.set_tenant(tenants.a)
    assert RetentionRecord.objects.filter(trainee_id=world.own.trainee.pk).exists()
