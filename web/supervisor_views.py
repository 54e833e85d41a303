"""The unit supervisor's pages (``/yksikko/``): placed trainees with their attendance, the
weekly feedback, the supervisor's capacity rating and the unit's own work orders.

Phone first: a supervisor uses these on the work floor. Thin: reads through
``coaching.placement_selectors`` over querysets the permission layer narrowed, writes through
``placement_feedback_record``, ``capacity_assessment_submit`` and ``work_order_request``. A
trainee not placed with the viewer is a 404; a refusal comes back at its field with a 400.
Every trainee shown is logged as read.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from accounts.permissions import (
    periods_visible_to,
    permission_action,
    scope_queryset,
)
from coaching.dates import week_start
from coaching.models import CoachingPeriod, DailyEntry, PlacementFeedback, WorkOrder, WorkUnit
from coaching.models.periods import ACTIVE_PHASES
from coaching.placement_selectors import (
    attendance_weeks,
    feedback_list,
    feedback_of_week,
    placed_periods,
    unit_work_order_get,
    unit_work_order_list,
)
from coaching.services import OrderedTask, placement_feedback_record, work_order_request
from competence.capacity.models import Instrument, Occasion, RaterType
from competence.capacity.screen_selectors import capacity_period_get
from competence.capacity.services import capacity_rater_types_for

from .audit_reads import audit_read
from .capacity_views import assessment_entry_page
from .supervisor_forms import FeedbackForm, UnitWorkOrderForm

ACTION = "placement.feedback"
ORDERS = "work_order.unit"


def _audit_periods(action: str, periods: list[CoachingPeriod]) -> None:
    audit_read(action, periods, {p.pk: p.trainee_id for p in periods})


def _placed(request):
    return placed_periods(visible=periods_visible_to(request.user, ACTION))


def _period_or_404(request, pk: int) -> CoachingPeriod:
    period = _placed(request).filter(pk=pk).first()
    if period is None:
        raise Http404(gettext("No such trainee placed with you."))
    return period


def _attendance(request, periods: list[CoachingPeriod]):
    entries = scope_queryset(request.user, "placement.attendance.view", DailyEntry.objects.all())
    found = attendance_weeks(
        entries=entries, period_ids=[p.pk for p in periods], today=timezone.localdate()
    )
    _audit_periods("placement.attendance.view", periods)
    return found


def _feedback(request):
    return scope_queryset(request.user, "placement.feedback.view", PlacementFeedback.objects.all())


@permission_action(ACTION)
def supervisor_home(request):
    """The trainees placed with the viewer: unit, dates, tasks and levels, this week's and last
    week's attendance and whether this week's feedback is given."""
    periods = list(_placed(request))
    _audit_periods(ACTION, periods)
    attendance = _attendance(request, periods)
    given = feedback_of_week(
        feedback=_feedback(request),
        period_ids=[p.pk for p in periods],
        supervisor_id=request.user.pk,
        day=timezone.localdate(),
    )
    audit_read(
        "placement.feedback.view",
        list(given.values()),
        {row.pk: row.period.trainee_id for row in given.values()},
    )
    rows = [(period, attendance[period.pk], given.get(period.pk)) for period in periods]
    return render(
        request,
        "web/supervisor/home.html",
        {"rows": rows, "week": week_start(timezone.localdate())},
    )


def _ratings(request, period: CoachingPeriod):
    """The supervisor-rater assessments of the current instruments the viewer may enter."""
    if not capacity_rater_types_for(request.user, period, [RaterType.SUPERVISOR]):
        return []
    entries = capacity_period_get(period=period).entries
    return [e for e in entries if e.rater_type == RaterType.SUPERVISOR]


def _trainee_page(request, period: CoachingPeriod, form: FeedbackForm | None = None, status=200):
    today = timezone.localdate()
    feedback = _feedback(request)
    this_week = feedback_of_week(
        feedback=feedback, period_ids=[period.pk], supervisor_id=request.user.pk, day=today
    ).get(period.pk)
    history = feedback_list(feedback=feedback, period=period)
    _audit_periods(ACTION, [period])
    audit_read("placement.feedback.view", history, {row.pk: period.trainee_id for row in history})
    if form is None:
        form = FeedbackForm(feedback=this_week)
    context = {
        "period": period,
        "weeks": _attendance(request, [period])[period.pk],
        "form": form,
        "this_week": this_week,
        "week": week_start(today),
        "history": history,
        "ratings": _ratings(request, period),
        "can_give": period.phase in ACTIVE_PHASES,
    }
    return render(request, "web/supervisor/trainee.html", context, status=status)


@permission_action(ACTION)
def supervisor_trainee(request, pk: int):
    """One placed trainee: attendance, this week's feedback form, earlier feedback, ratings."""
    return _trainee_page(request, _period_or_404(request, pk))


@permission_action(ACTION)
def supervisor_feedback(request, pk: int):
    """Give or change this week's feedback (one submit)."""
    period = _period_or_404(request, pk)
    if request.method != "POST":
        return redirect("supervisor_trainee", pk=pk)
    form = FeedbackForm(data=request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            placement_feedback_record(
                actor=request.user,
                period=period,
                week=timezone.localdate(),
                attendance=data["attendance"],
                work_quality=data["work_quality"],
                safety=data["safety"],
                cooperation=data["cooperation"],
                comment=data["comment"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, gettext("This week's feedback is saved."))
            return redirect("supervisor_home")
    return _trainee_page(request, period, form=form, status=400)


@permission_action("capacity.assess")
def supervisor_rating(request, pk: int, instrument: int, occasion: str):
    """The supervisor's capacity rating at one occasion: every item on one page, one submit."""
    if occasion not in Occasion.values:
        raise Http404
    # Only trainees placed with the viewer: staff enter ratings on the capacity pages.
    period = _period_or_404(request, pk)
    if not capacity_rater_types_for(request.user, period, [RaterType.SUPERVISOR]):
        raise PermissionDenied(gettext("You may not enter this assessment."))
    return assessment_entry_page(
        request,
        period=period,
        instrument=get_object_or_404(Instrument, pk=instrument),
        occasion=occasion,
        rater_type=RaterType.SUPERVISOR,
        rater=request.user,
        template="web/supervisor/rating.html",
        done_url=reverse("supervisor_trainee", kwargs={"pk": period.pk}),
    )


def _orders(request):
    return scope_queryset(request.user, ORDERS, WorkOrder.objects.all())


def _units(request):
    return scope_queryset(request.user, ORDERS, WorkUnit.objects.filter(is_active=True)).order_by(
        "name"
    )


@permission_action(ORDERS)
def supervisor_work_orders(request):
    """The orders of the units the viewer supervises, newest requested first, with status."""
    orders = list(unit_work_order_list(orders=_orders(request))[:100])
    return render(
        request,
        "web/supervisor/work_orders.html",
        {"orders": orders, "units": list(_units(request))},
    )


@permission_action(ORDERS)
def supervisor_work_order_new(request):
    """Order work for one's own unit; the coaching staff receive and plan it."""
    units = list(_units(request))
    form = UnitWorkOrderForm(request.POST or None, units=_units(request))
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                order = work_order_request(
                    actor=request.user,
                    ordering_unit=data["ordering_unit"],
                    description=data["description"],
                    requested_start_on=data["requested_start_on"],
                    requested_end_on=data["requested_end_on"],
                    contact_phone=data["contact_phone"],
                    tasks=[OrderedTask(data["task"])] if data["task"] else [],
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, gettext("The work order is sent."))
                return redirect("supervisor_work_order", pk=order.pk)
        status = 400
    else:
        status = 200
    return render(
        request,
        "web/supervisor/work_order_new.html",
        {"form": form, "units": units},
        status=status,
    )


@permission_action(ORDERS)
def supervisor_work_order(request, pk: int):
    """One of the unit's orders: its status, requested dates, tasks and status history."""
    order = unit_work_order_get(orders=_orders(request), pk=pk)
    if order is None:
        raise Http404(gettext("No such work order."))
    return render(request, "web/supervisor/work_order.html", {"order": order})
