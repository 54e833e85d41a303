"""Pages of the staff web app. Thin: pages read through selectors, forms go to services."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from accounts.models import User
from accounts.permissions import periods_visible_to, permission_action, rule_for, scope_queryset
from coaching.dashboard_selectors import staff_dashboard_get
from coaching.group_day_selectors import GroupDay, group_day_get
from coaching.models import EquipmentIssue
from coaching.services import daily_log_record
from privacy import audit

from .charts import attendance_chart, group_size_chart
from .forms import DayForm, GroupDayForm


def _audit_shown(action: str, group: GroupDay) -> None:
    """Log a read of each trainee whose day the page shows."""
    rule = rule_for(action)
    audit.record_rows(
        "read",
        [row.period for row in group.rows],
        section=rule.section,
        purpose=rule.purpose,
        trainee_ids={row.period.pk: row.trainee.pk for row in group.rows},
    )


def _coach_query(coach: User | None, with_coach: bool) -> str:
    """The ``&coach=`` part every link and form of the page carries when the coach is picked."""
    return f"&coach={coach.pk}" if with_coach and coach is not None else ""


@permission_action("daily_log.record")
def today(request):
    """The coach's group on a day; attendance and the daily log of all of it in one submit.

    A tenant admin has no group: they pick the coach (``?coach=``) and log that group, as the
    rule ``daily_log.record`` allows them.
    """
    with_coach = request.user.role != User.Role.WORK_COACH
    day_form = DayForm(request.GET or None, with_coach=with_coach)
    if request.GET and not day_form.is_valid():
        context = {"day_form": day_form, "with_coach": with_coach}
        return render(request, "web/today.html", context, status=400)
    day = day_form.day() if request.GET else timezone.localdate()
    coach = (day_form.cleaned_data.get("coach") if request.GET else None) if with_coach else None
    if not with_coach:
        coach = request.user
    if coach is None:
        # The admin has not picked a coach yet: the picker only, nothing to save.
        status = 400 if request.method == "POST" else 200
        if status == 400:
            if not day_form.is_bound:
                day_form = DayForm({}, with_coach=with_coach)
                day_form.is_valid()
            day_form.add_error("coach", gettext("Choose a work coach."))
        context = {"day_form": day_form, "with_coach": with_coach}
        return render(request, "web/today.html", context, status=status)
    group = group_day_get(coach=coach, day=day)
    _audit_shown("daily_log.record", group)
    in_future = day > timezone.localdate()
    coach_query = _coach_query(coach, with_coach)
    status = 200
    if request.method == "POST":
        form = GroupDayForm(group, data=request.POST)
        if form.is_valid():
            entries = form.entries()
            try:
                daily_log_record(actor=request.user, date=day, coach=coach, entries=entries)
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(
                    request,
                    ngettext(
                        "The day is saved for %(count)d trainee.",
                        "The day is saved for %(count)d trainees.",
                        len(entries),
                    )
                    % {"count": len(entries)},
                )
                return redirect(f"{reverse('today')}?date={day.isoformat()}{coach_query}")
        status = 400
    else:
        form = GroupDayForm(group)
    context = {
        "day_form": DayForm(initial={"date": day, "coach": coach}, with_coach=with_coach),
        "with_coach": with_coach,
        "coach_query": coach_query,
        "group": group,
        "form": form,
        "in_future": in_future,
        "is_today": day == timezone.localdate(),
        "previous_day": day - timedelta(days=1),
        "next_day": day + timedelta(days=1),
    }
    template = "web/_group_day.html" if request.htmx and not request.htmx.boosted else None
    return render(request, template or "web/today.html", context, status=status)


@permission_action("coaching.staff")
def dashboard(request):
    """What needs settling in the viewer's reach: limits, endings, follow-ups, gaps, loans."""
    user = request.user
    board = staff_dashboard_get(
        today=timezone.localdate(),
        coach=user if user.role == User.Role.WORK_COACH else None,
        visible_periods=periods_visible_to(user),
        visible_equipment=scope_queryset(user, "equipment.view", EquipmentIssue.objects.all()),
    )
    rule = rule_for("period.view")
    audit.record_rows("read", board.trainee_rows(), purpose=rule.purpose)
    context = {
        "board": board,
        "group_chart": group_size_chart(board.capacity),
        "attendance_chart": attendance_chart(board.attendance),
    }
    return render(request, "web/dashboard.html", context)
