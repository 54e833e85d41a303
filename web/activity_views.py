"""The coaching activity screens: the list by date, new and edited activities, and the
group's attendance in one submit.

Thin: reads through ``coaching.activity_selectors``, writes through the activity services.
Activities are shared events of the environment (any coaching staff may manage them); the
trainees on the attendance page are those of the viewer's reach, and each is logged as read.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from accounts.permissions import periods_visible_to, permission_action, rule_for
from coaching.activity_selectors import (
    ActivityGroup,
    activity_get,
    activity_group_get,
    activity_list,
    activity_type_list,
)
from coaching.models import Activity
from coaching.services.activities import (
    activity_attendance_record,
    activity_create,
    activity_update,
)
from privacy import audit

from .activity_forms import ActivityFilterForm, ActivityForm, AttendanceForm


@permission_action("activity.manage")
def activity_list_view(request):
    """Activities in a date range (a month back and two ahead by default), earliest first."""
    form = ActivityFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        return render(request, "web/activities/list.html", {"form": form}, status=400)
    start, end = form.range(timezone.localdate())
    if not form.is_bound:  # show the dates the list covers
        form = ActivityFilterForm(initial={"start": start, "end": end})
    activities = list(
        activity_list(
            start=start,
            end=end,
            visible_periods=periods_visible_to(request.user),
            only_mine=bool(form.is_bound and form.cleaned_data.get("mine")),
        )
    )
    context = {"form": form, "activities": activities, "start": start, "end": end}
    return render(request, "web/activities/list.html", context)


def _activity_or_404(pk: int) -> Activity:
    activity = activity_get(pk=pk)
    if activity is None:
        raise Http404(gettext("No such activity."))
    return activity


def _form_page(request, form: ActivityForm, activity: Activity | None, status: int = 200):
    context = {"form": form, "activity": activity}
    return render(request, "web/activities/form.html", context, status=status)


@permission_action("activity.manage")
def activity_create_view(request):
    """Plan a new activity; then its attendance page registers the group."""
    types = activity_type_list()
    if request.method != "POST":
        return _form_page(request, ActivityForm(types=types), None)
    form = ActivityForm(data=request.POST, types=types)
    if form.is_valid():
        try:
            activity = activity_create(actor=request.user, **form.service_arguments())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, gettext("The activity is saved."))
            return redirect("activity_attendance", pk=activity.pk)
    return _form_page(request, form, None, status=400)


@permission_action("activity.manage")
def activity_edit_view(request, pk: int):
    """Change an activity's details; the participants stay."""
    activity = _activity_or_404(pk)
    types = activity_type_list(including=activity.type)
    if request.method != "POST":
        return _form_page(request, ActivityForm(types=types, activity=activity), activity)
    form = ActivityForm(data=request.POST, types=types, activity=activity)
    if form.is_valid():
        try:
            activity_update(actor=request.user, activity=activity, **form.service_arguments())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, gettext("The activity is saved."))
            return redirect("activity_attendance", pk=activity.pk)
    return _form_page(request, form, activity, status=400)


def _audit_shown(group: ActivityGroup) -> None:
    """Log a read of each trainee whose participation the page shows."""
    rule = rule_for("activity.manage")
    periods = [member.period for member in group.members]
    audit.record_rows(
        "read",
        periods,
        section=rule.section,
        purpose=rule.purpose,
        trainee_ids={period.pk: period.trainee_id for period in periods},
    )


@permission_action("activity.manage")
def activity_attendance(request, pk: int):
    """The activity and the group's attendance, prefilled, recorded in one submit."""
    activity = _activity_or_404(pk)
    group = activity_group_get(
        activity=activity,
        visible_periods=periods_visible_to(request.user),
        viewer_id=request.user.pk,
    )
    _audit_shown(group)
    status = 200
    if request.method == "POST":
        form = AttendanceForm(group, data=request.POST)
        if form.is_valid():
            participants = form.participants()
            try:
                activity_attendance_record(
                    actor=request.user, activity=activity, participants=participants
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(
                    request,
                    ngettext(
                        "Attendance is saved for %(count)d trainee.",
                        "Attendance is saved for %(count)d trainees.",
                        len(participants),
                    )
                    % {"count": len(participants)},
                )
                return redirect(reverse("activity_attendance", kwargs={"pk": activity.pk}))
        status = 400
    else:
        form = AttendanceForm(group)
    context = {
        "activity": activity,
        "group": group,
        "form": form,
        "started": activity.starts_at <= timezone.now(),
    }
    return render(request, "web/activities/attendance.html", context, status=status)
