"""The unit supervisor's pages: placed trainees, attendance, weekly feedback, the unit's work
orders and the supervisor's capacity rating; scoping, refusals at their fields and audit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from coaching import services
from coaching.dates import week_start
from coaching.models import (
    DailyEntry,
    DifficultyLevel,
    PlacementFeedback,
    WorkOrder,
    WorkOrderStatus,
    WorkTask,
    WorkUnit,
)
from competence.capacity.models import Assessment, Instrument, InstrumentVersion
from competence.capacity.services import capacity_assessment_submit
from privacy.models import AuditEvent
from tests.conftest import user_create

pytestmark = pytest.mark.django_db

RATINGS = {"attendance": "4", "work_quality": "3", "safety": "2", "cooperation": "1"}
NOTE = "Valmentajan muistiinpano QX7"


def _client(client_for, tenant, user):
    client = client_for(tenant, user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def placed(staff, make_period):
    """A trainee placed with ``staff.supervisor``, with two tasks and this week's attendance."""
    period = make_period("continued_coaching")
    tasks = list(WorkTask.objects.filter(retired_at__isnull=True).order_by("pk")[:2])
    levels = list(DifficultyLevel.objects.order_by("level")[:2])
    for task, level in zip(tasks, levels, strict=True):
        services.task_assignment_create(actor=staff.coach, period=period, task=task, level=level)
    monday = week_start(timezone.localdate())
    DailyEntry.objects.create(
        period=period,
        date=monday,
        attendance="present",
        hours=6,
        learning_notes=NOTE,
        capacity_observations=f"Havainto {NOTE}",
        recorded_by=staff.coach,
    )
    DailyEntry.objects.create(
        period=period,
        date=monday - timedelta(days=6),  # last week's Tuesday
        attendance="absent_sick",
        recorded_by=staff.coach,
    )
    return period


@pytest.fixture
def other_unit(tenant_a):
    other = user_create(tenant_a, role="unit_supervisor", first_name="Olli", last_name="Muu")
    return WorkUnit.objects.create(name="Toinen yksikkö", supervisor=other)


@pytest.fixture
def placed_elsewhere(staff, make_period, other_unit):
    """A trainee placed with another supervisor."""
    period = make_period("coaching")
    services.coaching_period_placement_set(actor=staff.admin, period=period, work_unit=other_unit)
    return period


def test_home_lists_only_the_trainees_placed_with_me(
    client_for, tenant_a, staff, placed, placed_elsewhere
):
    response = _client(client_for, tenant_a, staff.supervisor).get("/yksikko/")
    body = response.content.decode()
    assert response.status_code == 200
    assert str(placed.trainee) in body
    assert str(placed_elsewhere.trainee) not in body
    assert "Testiyksikkö" in body
    for assignment in placed.task_assignments.select_related("task", "level"):
        assert f"{assignment.task.name} (level {assignment.level.level})" in body
    assert "This week" in body
    assert "Last week" in body
    assert "present 1, absent 0" in body  # this week
    assert "present 0, absent 1" in body  # last week
    assert "Give this week's feedback" in body
    events = AuditEvent.objects.filter(request_id=response["X-Request-ID"], action="read")
    assert events.filter(trainee_id=placed.trainee_id).exists()
    assert not events.filter(trainee_id=placed_elsewhere.trainee_id).exists()


def test_a_trainee_placed_with_someone_else_is_404(
    client_for, tenant_a, staff, placed, placed_elsewhere
):
    client = _client(client_for, tenant_a, staff.supervisor)
    pk = placed_elsewhere.pk
    assert client.get(f"/yksikko/{pk}/").status_code == 404
    assert client.post(f"/yksikko/{pk}/palaute/", RATINGS).status_code == 404
    instrument = Instrument.objects.get(code="valmo-coach-observation")
    assert client.get(f"/yksikko/{pk}/arvio/{instrument.pk}/interim/").status_code == 404
    assert not PlacementFeedback.objects.exists()
    # An unplaced trainee of the supervisor's… nothing: another coach's ordinary trainee too.
    assert client.get(f"/yksikko/{placed.pk + 1000}/").status_code == 404


def test_the_supervisor_does_not_see_the_coachs_notes(client_for, tenant_a, staff, placed):
    version = InstrumentVersion.objects.filter(instrument__code="valmo-coach-observation").latest(
        "number"
    )
    capacity_assessment_submit(
        actor=staff.coach,
        period=placed,
        version=version,
        occasion="baseline",
        rater_type="coach",
        assessed_on=placed.start_on,
        answers={version.items.first().code: 3},
        note=f"Arvio {NOTE}",
    )
    client = _client(client_for, tenant_a, staff.supervisor)
    for path in ("/yksikko/", f"/yksikko/{placed.pk}/"):
        body = client.get(path).content.decode()
        assert NOTE not in body, path
        assert "sick" not in body.lower(), path  # the kind of absence is health data
    assert client.get(f"/valmentautujat/{placed.trainee_id}/").status_code == 403
    assert client.get("/tanaan/").status_code == 403


def test_feedback_given_and_changed_in_the_same_week(client_for, tenant_a, staff, placed):
    client = _client(client_for, tenant_a, staff.supervisor)
    response = client.post(f"/yksikko/{placed.pk}/palaute/", {**RATINGS, "comment": "Hyvä viikko"})
    assert response.status_code == 302
    assert response["Location"] == "/yksikko/"
    feedback = PlacementFeedback.objects.get()
    assert (feedback.attendance, feedback.work_quality, feedback.safety) == (4, 3, 2)
    assert feedback.week == week_start(timezone.localdate())
    assert feedback.supervisor == staff.supervisor
    assert AuditEvent.objects.filter(
        action="create",
        object_type="coaching.placementfeedback",
        object_id=str(feedback.pk),
        trainee_id=placed.trainee_id,
    ).exists()
    page = client.get(f"/yksikko/{placed.pk}/").content.decode()
    assert "Save the changes" in page
    assert "Hyvä viikko" in page
    assert "Feedback given this week" in client.get("/yksikko/").content.decode()
    changed = {**RATINGS, "cooperation": "4", "comment": "Parempi"}
    assert client.post(f"/yksikko/{placed.pk}/palaute/", changed).status_code == 302
    feedback = PlacementFeedback.objects.get()
    assert (feedback.cooperation, feedback.comment) == (4, "Parempi")


def test_one_feedback_per_trainee_week_and_supervisor_in_the_database(staff, placed):
    monday = week_start(timezone.localdate())
    fields = {"attendance": 3, "work_quality": 3, "safety": 3, "cooperation": 3}
    PlacementFeedback.objects.create(
        period=placed, supervisor=staff.supervisor, week=monday, **fields
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        PlacementFeedback.objects.create(
            period=placed, supervisor=staff.supervisor, week=monday, **fields
        )
    with pytest.raises(IntegrityError), transaction.atomic():  # a week starts on a Monday
        PlacementFeedback.objects.create(
            period=placed, supervisor=staff.supervisor, week=monday + timedelta(days=1), **fields
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        PlacementFeedback.objects.create(
            period=placed,
            supervisor=staff.supervisor,
            week=monday - timedelta(days=7),
            **{**fields, "safety": 5},
        )


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({**RATINGS, "safety": ""}, "safety", "Choose a rating from 1 to 4."),
        ({**RATINGS, "work_quality": "5"}, "work_quality", "Choose a rating from 1 to 4."),
        ({**RATINGS, "comment": "x" * 501}, "comment", "at most 500 characters"),
    ],
)
def test_bad_feedback_is_a_400_at_its_field(
    client_for, tenant_a, staff, placed, data, field, message
):
    response = _client(client_for, tenant_a, staff.supervisor).post(
        f"/yksikko/{placed.pk}/palaute/", data
    )
    assert response.status_code == 400
    assert message in response.context["form"].errors[field][0]
    assert message in response.content.decode()
    assert not PlacementFeedback.objects.exists()


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def test_the_feedback_refusal_is_translated(tenant_a, staff, placed):
    with translation.override("fi"), pytest.raises(ValidationError) as refused:
        services.placement_feedback_record(
            actor=staff.supervisor,
            period=placed,
            week=timezone.localdate() + timedelta(days=7),
            attendance=3,
            work_quality=3,
            safety=3,
            cooperation=3,
        )
    assert refused.value.message_dict == {"week": ["Palautetta ei voi antaa tulevalle viikolle."]}


def test_the_service_refuses_other_weeks_bad_ratings_and_other_people(
    tenant_a, staff, placed, placed_elsewhere, english
):
    today = timezone.localdate()
    scores = {"attendance": 3, "work_quality": 3, "safety": 3, "cooperation": 3}

    def record(actor, period, week, **extra):
        return services.placement_feedback_record(
            actor=actor, period=period, week=week, **{**scores, **extra}
        )

    for week, text in (
        (today - timedelta(days=7), "A past week's feedback can no longer be given or changed."),
        (today + timedelta(days=7), "Feedback cannot be given for a future week."),
    ):
        with pytest.raises(ValidationError) as refused:
            record(staff.supervisor, placed, week)
        assert refused.value.message_dict == {"week": [text]}
    with pytest.raises(ValidationError) as refused:
        record(staff.supervisor, placed, today, attendance=0, cooperation=5)
    assert set(refused.value.message_dict) == {"attendance", "cooperation"}
    for actor, period in (
        (staff.supervisor, placed_elsewhere),
        (staff.coach, placed),
        (staff.admin, placed),
    ):
        with pytest.raises(PermissionDenied):
            record(actor, period, today)
    assert not PlacementFeedback.objects.exists()
    feedback = record(staff.supervisor, placed, today, comment="  Hyvin meni  ")
    assert feedback.comment == "Hyvin meni"


def test_feedback_is_refused_once_the_trainee_no_longer_takes_part(tenant_a, staff, placed):
    services.coaching_period_transition(
        period=placed, to_phase="interrupted", actor=staff.admin, reason="sairaus"
    )
    with pytest.raises(ValidationError) as refused:
        services.placement_feedback_record(
            actor=staff.supervisor,
            period=placed,
            week=timezone.localdate(),
            attendance=3,
            work_quality=3,
            safety=3,
            cooperation=3,
        )
    assert list(refused.value.message_dict) == ["period"]


def test_the_coach_reads_the_feedback_on_the_trainees_page(client_for, tenant_a, staff, placed):
    services.placement_feedback_record(
        actor=staff.supervisor,
        period=placed,
        week=timezone.localdate(),
        attendance=4,
        work_quality=3,
        safety=2,
        cooperation=1,
        comment="Täsmällinen ja reipas",
    )
    coach = _client(client_for, tenant_a, staff.coach)
    response = coach.get(f"/valmentautujat/{placed.trainee_id}/")
    body = response.content.decode()
    assert "Placement feedback" in body
    assert "Täsmällinen ja reipas" in body
    assert "Working safely" in body
    assert "Needs some support" in body
    assert "<form" not in body.split("Placement feedback")[1].split("</section>")[0]  # read-only
    assert AuditEvent.objects.filter(
        request_id=response["X-Request-ID"],
        action="read",
        object_type="coaching.placementfeedback",
    ).exists()
    other = _client(client_for, tenant_a, staff.coach2)
    assert other.get(f"/valmentautujat/{placed.trainee_id}/").status_code == 404
    # The coach may not give it, not even through the supervisor's address.
    assert coach.post(f"/yksikko/{placed.pk}/palaute/", RATINGS).status_code == 403


def test_the_unit_supervisor_orders_work_for_their_own_unit(
    client_for, tenant_a, staff, work_unit, other_unit
):
    other_order = services.work_order_create(
        actor=staff.coach,
        ordering_unit=other_unit,
        description="Toisen yksikön työ",
        requested_start_on=timezone.localdate(),
    )
    client = _client(client_for, tenant_a, staff.supervisor)
    form = client.get("/yksikko/tyotilaukset/uusi/")
    assert form.status_code == 200
    assert list(form.context["form"].fields["ordering_unit"].queryset) == [work_unit]
    start = timezone.localdate() + timedelta(days=3)
    task = WorkTask.objects.filter(retired_at__isnull=True).first()
    response = client.post(
        "/yksikko/tyotilaukset/uusi/",
        {
            "ordering_unit": work_unit.pk,
            "description": "Piha-alueen haravointi",
            "requested_start_on": start.isoformat(),
            "task": task.pk,
            "contact_phone": "040 111 2222",
        },
    )
    assert response.status_code == 302
    order = WorkOrder.objects.get(description="Piha-alueen haravointi")
    assert response["Location"] == f"/yksikko/tyotilaukset/{order.pk}/"
    assert order.ordering_unit == work_unit
    assert order.status == WorkOrderStatus.RECEIVED
    assert order.contact_email == staff.supervisor.email
    assert order.created_by == staff.supervisor
    assert list(order.tasks.values_list("task", flat=True)) == [task.pk]
    listing = client.get("/yksikko/tyotilaukset/").content.decode()
    assert "Piha-alueen haravointi" in listing
    assert "Toisen yksikön työ" not in listing
    detail = client.get(f"/yksikko/tyotilaukset/{order.pk}/").content.decode()
    assert "Received" in detail
    assert task.name in detail
    services.work_order_assign(actor=staff.coach, order=order, coach=staff.coach)
    services.work_order_transition(actor=staff.coach, order=order, to_status="planned")
    assert "Planned" in client.get(f"/yksikko/tyotilaukset/{order.pk}/").content.decode()
    assert client.get(f"/yksikko/tyotilaukset/{other_order.pk}/").status_code == 404
    # Coaching staff run orders on their own pages, not here.
    coach = _client(client_for, tenant_a, staff.coach)
    assert coach.get("/yksikko/tyotilaukset/").status_code == 403


def test_bad_work_orders_are_400s_at_their_fields(
    client_for, tenant_a, staff, work_unit, other_unit
):
    client = _client(client_for, tenant_a, staff.supervisor)
    today = timezone.localdate()
    yesterday = (today - timedelta(days=1)).isoformat()
    base = {
        "ordering_unit": work_unit.pk,
        "description": "Lumityöt",
        "requested_start_on": today.isoformat(),
    }
    cases = [
        ({**base, "ordering_unit": other_unit.pk}, "ordering_unit"),
        ({**base, "description": ""}, "description"),
        ({**base, "requested_start_on": ""}, "requested_start_on"),
        ({**base, "requested_end_on": yesterday}, "requested_end_on"),
        (
            {**base, "requested_start_on": yesterday},
            "requested_start_on",
        ),
    ]
    for data, field in cases:
        response = client.post("/yksikko/tyotilaukset/uusi/", data)
        assert response.status_code == 400, field
        assert field in response.context["form"].errors, field
    assert not WorkOrder.objects.exists()
    # The service itself refuses another unit (the permission layer's PLACED scope).
    with pytest.raises(PermissionDenied):
        services.work_order_request(
            actor=staff.supervisor,
            ordering_unit=other_unit,
            description="Ei oma",
            requested_start_on=today,
        )


def test_the_supervisor_enters_a_rating(client_for, tenant_a, staff, placed):
    instrument = Instrument.objects.get(code="valmo-coach-observation")
    client = _client(client_for, tenant_a, staff.supervisor)
    page = client.get(f"/yksikko/{placed.pk}/").content.decode()
    assert f"/yksikko/{placed.pk}/arvio/{instrument.pk}/interim/" in page
    url = f"/yksikko/{placed.pk}/arvio/{instrument.pk}/interim/"
    form = client.get(url)
    assert form.status_code == 200
    items = form.context["form"].items
    data = {"assessed_on": timezone.localdate().isoformat(), "note": ""}
    data |= {f"item-{item.code}": "3" for item in items}
    bad = client.post(url, {**data, f"item-{items[0].code}": "9"})
    assert bad.status_code == 400
    assert not Assessment.objects.exists()
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == f"/yksikko/{placed.pk}/"
    assessment = Assessment.objects.get()
    assert assessment.rater_type == "supervisor"
    assert assessment.rater == staff.supervisor
    assert assessment.answers.count() == len(items)
    assert "entered, not finalised" in client.get(f"/yksikko/{placed.pk}/").content.decode()
    assert client.get(f"/yksikko/{placed.pk}/arvio/{instrument.pk}/someday/").status_code == 404
    # The coach's own capacity pages stay theirs; here the coach is refused.
    assert _client(client_for, tenant_a, staff.coach).get(url).status_code == 404


def test_landing_navigation_and_other_roles(client_for, tenant_a, staff, placed):
    client = _client(client_for, tenant_a, staff.supervisor)
    front = client.get("/")
    assert front.status_code == 302
    assert front["Location"] == "/yksikko/"
    body = client.get("/yksikko/").content.decode()
    assert '<a href="/yksikko/" aria-current="page">' in body
    assert 'href="/yksikko/tyotilaukset/"' in body
    coach = _client(client_for, tenant_a, staff.coach)
    assert coach.get("/yksikko/").status_code == 403
    assert 'href="/yksikko/"' not in coach.get("/tyopoyta/").content.decode()


def test_sign_in_lands_on_the_placed_trainees(tenant_a, staff, client_for):
    from django.test import RequestFactory

    from accounts.adapters import AccountAdapter

    request = RequestFactory().get("/")
    request.user = staff.supervisor
    assert AccountAdapter().get_login_redirect_url(request) == "/yksikko/"
    request.user = staff.coach
    assert AccountAdapter().get_login_redirect_url(request) != "/yksikko/"


def test_home_reads_in_constant_queries(client_for, tenant_a, staff, make_period):
    client = _client(client_for, tenant_a, staff.supervisor)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/yksikko/").status_code == 200
        return len(queries)

    make_period("continued_coaching")
    count()  # the session's first request does its own bookkeeping
    one = count()
    for _ in range(4):
        make_period("continued_coaching")
    assert count() == one
