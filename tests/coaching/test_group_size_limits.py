from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coaching import selectors, services
from coaching.models import CoachingPeriod, CoachingSettings, GroupLimitOverride

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_limits(staff):
    services.coaching_settings_update(
        actor=staff.admin, group_size_soft_limit=2, group_size_hard_limit=3
    )


def _create(staff, trainee, *, actor=None, override_reason=""):
    return services.coaching_period_create(
        actor=actor or staff.coach,
        trainee=trainee,
        coach=staff.coach,
        start_on=date(2026, 3, 2),
        planned_end_on=date(2026, 8, 31),
        override_reason=override_reason,
    )


def test_defaults_without_a_stored_row(tenant_a):
    limits = selectors.coaching_settings_get()

    assert (
        limits.group_size_soft_limit,
        limits.group_size_hard_limit,
        limits.follow_up_months,
        limits.personal_identity_code_enabled,
    ) == (12, 14, 3, False)
    assert CoachingSettings.objects.count() == 0


def test_only_tenant_admin_changes_settings(staff):
    with pytest.raises(PermissionDenied):
        services.coaching_settings_update(actor=staff.coach, group_size_soft_limit=10)


def test_soft_limit_cannot_exceed_hard_limit(staff):
    with pytest.raises(ValidationError) as error:
        services.coaching_settings_update(actor=staff.admin, group_size_soft_limit=15)

    assert list(error.value.message_dict) == ["group_size_soft_limit"]
    assert CoachingSettings.objects.count() == 0


def test_within_soft_limit_no_warning(staff, small_limits, make_trainee):
    results = [_create(staff, make_trainee()) for _ in range(2)]

    assert [result.warnings for result in results] == [[], []]


def test_above_soft_limit_warns(staff, small_limits, make_trainee):
    _create(staff, make_trainee())
    _create(staff, make_trainee())

    result = _create(staff, make_trainee())

    assert result.warnings == ["The coach will have 3 trainees, above the soft limit of 2."]
    assert GroupLimitOverride.objects.count() == 0


@pytest.mark.parametrize(("actor_role", "reason"), [("coach", "kiire"), ("admin", " ")])
def test_above_hard_limit_refused_without_admin_reason(
    staff, small_limits, make_trainee, actor_role, reason
):
    for _ in range(3):
        _create(staff, make_trainee())
    trainee = make_trainee()

    with pytest.raises(ValidationError) as error:
        _create(staff, trainee, actor=getattr(staff, actor_role), override_reason=reason)

    assert error.value.message_dict == {
        "coach": [
            "The coach would have 4 trainees, above the hard limit of 3; only a tenant admin "
            "giving a reason may override it."
        ]
    }
    assert CoachingPeriod.objects.filter(trainee=trainee).count() == 0


def test_admin_override_above_hard_limit_is_recorded(staff, small_limits, make_trainee):
    for _ in range(3):
        _create(staff, make_trainee())

    result = _create(staff, make_trainee(), actor=staff.admin, override_reason="sijaisuus")

    override = GroupLimitOverride.objects.get()
    assert result.warnings == ["The coach will have 4 trainees, above the soft limit of 2."]
    assert (override.period, override.coach, override.actor, override.group_size) == (
        result.period,
        staff.coach,
        staff.admin,
        4,
    )
    assert override.reason == "sijaisuus"


def test_ended_periods_free_a_place(staff, small_limits, make_period):
    make_period("ended")
    make_period("closed")
    make_period("interrupted", interrupted_from="coaching")
    _ = [make_period("coaching") for _ in range(2)]

    assert services.coach_group_size_check(coach=staff.coach, actor=staff.coach).group_size == 3


def test_returning_from_interruption_into_a_full_group_is_refused(staff, small_limits, make_period):
    interrupted = make_period(interrupted_from="coaching")
    for _ in range(3):
        make_period("coaching")

    with pytest.raises(ValidationError) as error:
        services.coaching_period_transition(
            period=interrupted, to_phase="coaching", actor=staff.coach, reason="palaa"
        )

    assert list(error.value.message_dict) == ["coach"]
    interrupted.refresh_from_db()
    assert interrupted.phase == "interrupted"


def test_moving_to_another_coach_checks_that_coach(staff, small_limits, make_period):
    for _ in range(3):
        make_period("coaching", coach=staff.coach2)
    period = make_period("coaching")

    with pytest.raises(ValidationError):
        services.coaching_period_coach_assign(actor=staff.coach, period=period, coach=staff.coach2)

    period.refresh_from_db()
    assert period.coach == staff.coach
