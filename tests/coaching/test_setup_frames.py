"""Statuses in use, the municipality's own frames inside the statute, service forms and groups."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from coaching import services
from coaching.models import (
    LegalFrame,
    LocalFrame,
    ParticipationStatus,
    PeriodStatus,
    ServiceForm,
    TargetGroup,
)
from coaching.period_selectors import legal_frame_get

pytestmark = pytest.mark.django_db


def _refusal(callable_, **kwargs) -> dict:
    with pytest.raises(ValidationError) as error:
        callable_(**kwargs)
    return error.value.message_dict


def _rehab() -> ParticipationStatus:
    return ParticipationStatus.objects.get(code="rehabilitative_work")


def test_a_stricter_frame_is_saved_and_narrows_the_frame_coaches_are_held_to(staff):
    status = _rehab()
    local = services.local_frame_set(
        actor=staff.admin,
        status=status,
        max_days_per_week=3,
        max_hours_per_day=Decimal(6),
        max_months_per_period=12,
    )
    assert local is not None
    assert local.max_days_per_week == 3
    frame = legal_frame_get(status=status, on=timezone.localdate())
    assert frame is not None
    assert (frame.max_days_per_week, frame.max_hours_per_day) == (3, Decimal(6))
    assert frame.max_months_per_period == 12
    assert frame.max_hours_per_week == Decimal(32)  # not set: the statute's
    # The statutory row itself is untouched.
    statutory = LegalFrame.objects.get(status=status)
    assert (statutory.max_days_per_week, statutory.max_months_per_period) == (4, 24)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("max_days_per_week", 5, "At most 4: the statutory frame does not allow more."),
        ("max_hours_per_day", Decimal(9), "At most 8: the statutory frame does not allow more."),
        (
            "max_hours_per_week",
            Decimal(33),
            "At most 32: the statutory frame does not allow more.",
        ),
        ("max_months_per_period", 25, "At most 24: the statutory frame does not allow more."),
        ("max_hours_per_day", Decimal(3), "At least 4: the statutory frame requires that much."),
        ("max_months_per_period", 2, "At least 3: the statutory frame requires that much."),
    ],
)
def test_a_limit_beyond_the_statute_is_refused_at_its_field(staff, field, value, message):
    errors = _refusal(
        services.local_frame_set, actor=staff.admin, status=_rehab(), **{field: value}
    )
    assert errors == {field: [message]}
    assert not LocalFrame.objects.exists()


def test_a_later_dated_statute_binds_the_local_limit_too(staff):
    status = _rehab()
    LegalFrame.objects.filter(status=status).update(
        valid_until=timezone.localdate() + timedelta(days=30)
    )
    LegalFrame.objects.create(
        status=status,
        valid_from=timezone.localdate() + timedelta(days=31),
        min_days_per_week=1,
        max_days_per_week=3,
        min_hours_per_day=Decimal(4),
        max_hours_per_day=Decimal(8),
    )
    errors = _refusal(
        services.local_frame_set, actor=staff.admin, status=status, max_days_per_week=4
    )
    assert errors == {"max_days_per_week": ["At most 3: the statutory frame does not allow more."]}


def test_work_trial_months_are_bound_by_the_organiser_limit(staff):
    trial = ParticipationStatus.objects.get(code="work_trial")
    errors = _refusal(
        services.local_frame_set, actor=staff.admin, status=trial, max_months_per_period=7
    )
    assert errors == {
        "max_months_per_period": ["At most 6: the statutory frame does not allow more."]
    }


def test_emptying_every_limit_removes_the_local_frame(staff):
    status = _rehab()
    services.local_frame_set(actor=staff.admin, status=status, max_days_per_week=3)
    assert services.local_frame_set(actor=staff.admin, status=status) is None
    assert not LocalFrame.objects.exists()


def test_the_database_refuses_an_impossible_local_limit(staff):
    with pytest.raises(IntegrityError), transaction.atomic():
        LocalFrame.objects.create(status=_rehab(), max_days_per_week=8)


def test_only_the_admin_sets_frames_and_statuses(staff):
    with pytest.raises(PermissionDenied):
        services.local_frame_set(actor=staff.coach, status=_rehab(), max_days_per_week=3)
    with pytest.raises(PermissionDenied):
        services.participation_status_update(
            actor=staff.coach, status=_rehab(), name="x", is_active=False
        )
    with pytest.raises(PermissionDenied):
        services.target_group_create(actor=staff.coach, name="Nuoret aikuiset")


def test_period_status_add_holds_to_the_local_frame(staff, make_period):
    period = make_period("coaching", planned_end=date(2028, 12, 31), work_trial=False)
    status = _rehab()
    services.local_frame_set(actor=staff.admin, status=status, max_days_per_week=3)
    errors = _refusal(
        services.period_status_add,
        actor=staff.coach,
        period=period,
        status=status,
        valid_from=date(2026, 3, 2),
        valid_until=date(2026, 6, 30),
        days_per_week=4,
        hours_per_day=Decimal(6),
    )
    assert errors == {"days_per_week": ["Days per week must be between 1 and 3 for this status."]}
    assert not PeriodStatus.objects.filter(period=period, status=status).exists()


def test_a_status_out_of_use_cannot_be_added_to_a_period(staff, make_period):
    period = make_period("coaching", planned_end=date(2028, 12, 31), work_trial=False)
    status = services.participation_status_update(
        actor=staff.admin, status=_rehab(), name="Kuntouttava työtoiminta", is_active=False
    )
    assert not ParticipationStatus.objects.get(pk=status.pk).is_active
    errors = _refusal(
        services.period_status_add,
        actor=staff.coach,
        period=period,
        status=status,
        valid_from=date(2026, 3, 2),
        days_per_week=3,
        hours_per_day=Decimal(6),
    )
    assert errors == {"status": ["This status is not in use in the municipality."]}


def test_a_status_without_any_frame_cannot_be_taken_into_use(staff):
    bare = ParticipationStatus.objects.create(code="bare", name="Kehys puuttuu", is_active=False)
    errors = _refusal(
        services.participation_status_update,
        actor=staff.admin,
        status=bare,
        name=bare.name,
        is_active=True,
    )
    assert errors == {"is_active": ["This status has no legal frame; it cannot be taken into use."]}


def test_service_forms_and_target_groups_are_added_renamed_and_retired(staff):
    form = services.service_form_create(actor=staff.admin, name="Työpajavalmennus")
    assert form.code == "tyopajavalmennus"
    assert form.is_active
    renamed = services.service_form_update(
        actor=staff.admin,
        service_form=form,
        name="Työpajavalmennus (nuoret)",
        description="",
        is_active=False,
    )
    assert ServiceForm.objects.get(pk=form.pk).name == "Työpajavalmennus (nuoret)"
    assert not renamed.is_active

    group = services.target_group_create(actor=staff.admin, name="Nuoret aikuiset")
    twin = services.target_group_create(actor=staff.admin, name="Nuoret-aikuiset")
    assert group.code != twin.code  # codes made unique
    services.target_group_update(
        actor=staff.admin, target_group=group, name="NEET", is_active=False
    )
    assert not TargetGroup.objects.get(pk=group.pk).is_active


def test_a_name_in_use_or_empty_is_refused(staff):
    existing = TargetGroup.objects.first()
    assert existing is not None
    assert _refusal(
        services.target_group_create, actor=staff.admin, name=existing.name.upper()
    ) == {"name": ["This name is already in use."]}
    assert _refusal(services.service_form_create, actor=staff.admin, name="  ") == {
        "name": ["Enter the name."]
    }


def test_the_daily_log_holds_to_the_local_frame(staff, make_period):
    from coaching.models import DifficultyLevel, WorkTask
    from coaching.services import DailyEntryInput, TaskDone

    period = make_period("coaching")  # a work trial: 4–8 hours a day by statute
    trial = ParticipationStatus.objects.get(code="work_trial")
    services.local_frame_set(actor=staff.admin, status=trial, max_hours_per_day=Decimal(6))
    task = WorkTask.objects.order_by("pk").first()
    level = DifficultyLevel.objects.get(level=1)
    assert task is not None

    def record(hours: Decimal):
        return services.daily_log_record(
            actor=staff.coach,
            date=date(2026, 3, 10),
            coach=staff.coach,
            entries=[
                DailyEntryInput(
                    trainee_id=period.trainee_id,
                    attendance="present",
                    hours=hours,
                    tasks=[TaskDone(task_id=task.pk, level_id=level.pk)],
                )
            ],
        )

    errors = _refusal(lambda: record(Decimal(7)))
    assert list(errors) == ["hours"]
    assert "between 4.00 and 6.00" in errors["hours"][0]
    assert len(record(Decimal(6))) == 1
