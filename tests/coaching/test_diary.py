from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from coaching import selectors, services
from coaching.models import DiaryEntry

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 10)


@pytest.fixture
def trainee_user(tenant_a, make_user):
    return make_user(tenant_a, role="trainee")


@pytest.fixture
def own_period(make_period, make_trainee, trainee_user):
    return make_period("coaching", trainee=make_trainee(user=trainee_user))


def _write(actor, period, day=DAY, is_shared=False, **texts):
    texts = texts or {"did": "Haravoin pihan", "learned": "Lehtipuhaltimen käytön"}
    return services.diary_entry_create(
        actor=actor, period=period, date=day, is_shared=is_shared, **texts
    )


def test_entry_is_private_by_default_and_only_the_trainee_reads_it(staff, trainee_user, own_period):
    entry = _write(trainee_user, own_period, felt="Väsytti mutta hyvä päivä")

    assert entry.author == trainee_user
    assert entry.is_shared is False
    assert list(selectors.diary_entry_list(period=own_period, viewer=trainee_user)) == [entry]
    assert list(selectors.diary_entry_list(period=own_period, viewer=staff.coach)) == []
    assert list(selectors.diary_entry_list(period=own_period, viewer=staff.supervisor)) == []


def test_shared_entry_is_read_and_answered_by_the_coach(staff, trainee_user, own_period):
    shared = _write(trainee_user, own_period)
    _write(trainee_user, own_period, day=DAY + timedelta(days=1), did="Oma juttu")
    services.diary_entry_update(actor=trainee_user, entry=shared, is_shared=True)

    services.diary_entry_comment(actor=staff.coach, entry=shared, comment="Hienoa edistystä!")

    seen_by_coach = list(selectors.diary_entry_list(period=own_period, viewer=staff.coach))
    assert [e.pk for e in seen_by_coach] == [shared.pk]
    stored = DiaryEntry.objects.get(pk=shared.pk)
    assert (stored.coach_comment, stored.commented_by) == ("Hienoa edistystä!", staff.coach)
    assert stored.commented_at is not None
    assert len(selectors.diary_entry_list(period=own_period, viewer=trainee_user)) == 2


@pytest.mark.parametrize("who", ["coach", "other_trainee", "unlinked_trainee"])
def test_only_the_periods_own_trainee_writes(
    tenant_a, staff, make_user, make_period, make_trainee, own_period, who
):
    if who == "coach":
        actor = staff.coach
    else:
        actor = make_user(tenant_a, role="trainee")
        if who == "other_trainee":
            make_period("coaching", trainee=make_trainee(user=actor))

    with pytest.raises(PermissionDenied):
        _write(actor, own_period)

    assert DiaryEntry.objects.count() == 0


def test_entry_for_an_ended_period_is_refused(staff, trainee_user, own_period):
    services.coaching_period_end(actor=staff.coach, period=own_period, outcome="education")
    own_period.refresh_from_db()

    with pytest.raises(ValidationError) as error:
        _write(trainee_user, own_period)

    assert error.value.message_dict == {"period": ["The period is no longer open."]}


@pytest.mark.parametrize(
    "day", [date(2026, 3, 1), timezone.localdate() + timedelta(days=1)], ids=["before", "future"]
)
def test_date_outside_the_period_so_far_is_refused(trainee_user, own_period, day):
    with pytest.raises(ValidationError) as error:
        _write(trainee_user, own_period, day=day)

    assert list(error.value.message_dict) == ["date"]
    assert DiaryEntry.objects.count() == 0


def test_empty_entry_is_refused(trainee_user, own_period):
    with pytest.raises(ValidationError) as error:
        _write(trainee_user, own_period, did="  ", learned="", felt="")

    assert error.value.message_dict == {
        "did": ["Write what you did, what you learned or how it felt."]
    }


def test_one_entry_per_day(trainee_user, own_period):
    _write(trainee_user, own_period)

    with pytest.raises(ValidationError) as error:
        _write(trainee_user, own_period, did="Toinen")

    assert list(error.value.message_dict) == ["date"]
    assert DiaryEntry.objects.count() == 1


def test_author_edits_the_text_and_nobody_else_may(
    staff, tenant_a, make_user, trainee_user, own_period
):
    entry = _write(trainee_user, own_period)

    services.diary_entry_update(actor=trainee_user, entry=entry, learned="Uutta: oksasakset")
    for intruder in (staff.coach, make_user(tenant_a, role="trainee")):
        with pytest.raises(PermissionDenied):
            services.diary_entry_update(actor=intruder, entry=entry, learned="muutettu")

    stored = DiaryEntry.objects.get(pk=entry.pk)
    assert (stored.did, stored.learned) == ("Haravoin pihan", "Uutta: oksasakset")


def test_edit_cannot_empty_the_entry(trainee_user, own_period):
    entry = _write(trainee_user, own_period, did="Vain tämä")

    with pytest.raises(ValidationError) as error:
        services.diary_entry_update(actor=trainee_user, entry=entry, did="")

    assert list(error.value.message_dict) == ["did"]
    assert DiaryEntry.objects.get(pk=entry.pk).did == "Vain tämä"


def test_edit_after_the_period_ended_is_refused(staff, trainee_user, own_period):
    entry = _write(trainee_user, own_period)
    services.coaching_period_end(actor=staff.coach, period=own_period, outcome="education")

    with pytest.raises(ValidationError) as error:
        services.diary_entry_update(actor=trainee_user, entry=entry, did="myöhässä")

    assert list(error.value.message_dict) == ["period"]


def test_answered_entry_cannot_be_made_private_but_unanswered_can(staff, trainee_user, own_period):
    answered = _write(trainee_user, own_period, is_shared=True)
    unanswered = _write(trainee_user, own_period, day=DAY + timedelta(days=1), is_shared=True)
    services.diary_entry_comment(actor=staff.coach, entry=answered, comment="Hyvä")

    services.diary_entry_update(actor=trainee_user, entry=unanswered, is_shared=False)
    with pytest.raises(ValidationError) as error:
        services.diary_entry_update(actor=trainee_user, entry=answered, is_shared=False)

    assert list(error.value.message_dict) == ["is_shared"]
    assert dict(DiaryEntry.objects.values_list("pk", "is_shared")) == {
        answered.pk: True,
        unanswered.pk: False,
    }


def test_coach_cannot_answer_a_private_entry(staff, trainee_user, own_period):
    entry = _write(trainee_user, own_period)

    with pytest.raises(PermissionDenied):
        services.diary_entry_comment(actor=staff.coach, entry=entry, comment="Luin tämän")

    assert DiaryEntry.objects.get(pk=entry.pk).coach_comment == ""


def test_answer_needs_text_and_a_staff_member(staff, trainee_user, own_period):
    entry = _write(trainee_user, own_period, is_shared=True)

    with pytest.raises(ValidationError) as error:
        services.diary_entry_comment(actor=staff.coach, entry=entry, comment=" ")
    with pytest.raises(PermissionDenied):
        services.diary_entry_comment(actor=trainee_user, entry=entry, comment="itse")

    assert error.value.message_dict == {"comment": ["Write a response."]}
    assert DiaryEntry.objects.get(pk=entry.pk).coach_comment == ""
