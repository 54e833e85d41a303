"""The trainee's own pages ("omat sivut", /oma/): my days, my learning diary, my goals.

Phone first and in plain language. Every page is the trainee's only (``self.view``, a rule
only trainees have); each read goes through a queryset the permission layer has narrowed
with the read's own rule (``daily_log.view``, ``diary.view``, ``goal.view``), so another
trainee's rows are never in reach, and every row shown is logged as read like on the staff
side. Writes go through the diary services.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from accounts.permissions import periods_visible_to, permission_action, scope_queryset
from coaching.goal_selectors import period_goal_list
from coaching.models import CoachingPeriod, DailyEntry, DiaryEntry
from coaching.models.periods import OPEN_PHASES
from coaching.selectors import diary_entry_list
from coaching.self_selectors import (
    my_days_get,
    self_diary_entry_get,
    self_period_get,
    self_periods,
)
from coaching.services.diary import diary_entry_create, diary_entry_update

from .audit_reads import audit_read
from .self_forms import DiaryEntryForm


def _audit_read(action: str, period: CoachingPeriod, rows: list[Model]) -> None:
    shown = [period, *rows]
    audit_read(action, shown, {row.pk: period.trainee_id for row in shown})


def _period(request, action: str) -> CoachingPeriod | None:
    """The trainee's period to show (``?period=`` picks another of their own), or None."""
    period_id = request.GET.get("period")
    if period_id is not None and not period_id.isdigit():
        raise Http404
    visible = periods_visible_to(request.user, action)
    period = self_period_get(visible=visible, period_id=int(period_id) if period_id else None)
    if period_id and period is None:
        raise Http404(gettext("No such coaching period."))
    return period


def _context(request, action: str, period: CoachingPeriod | None, **extra) -> dict:
    periods = self_periods(visible=periods_visible_to(request.user, action))
    return {"period": period, "periods": periods if len(periods) > 1 else [], **extra}


@permission_action("self.view")
def self_home(request):
    """The trainee's front page: this week's hours and three big ways in."""
    period = _period(request, "daily_log.view")
    days = None
    if period is not None:
        entries = scope_queryset(request.user, "daily_log.view", DailyEntry.objects.all())
        days = my_days_get(period=period, entries=entries, today=timezone.localdate())
        _audit_read("daily_log.view", period, [])
    context = _context(request, "daily_log.view", period, days=days)
    return render(request, "web/self/home.html", context)


@permission_action("self.view")
def self_days(request):
    """What the coach recorded of my days, and my hours this week and month against my plan."""
    period = _period(request, "daily_log.view")
    days = None
    if period is not None:
        entries = scope_queryset(request.user, "daily_log.view", DailyEntry.objects.all())
        days = my_days_get(period=period, entries=entries, today=timezone.localdate())
        _audit_read("daily_log.view", period, list(days.entries))
    context = _context(request, "daily_log.view", period, days=days)
    return render(request, "web/self/days.html", context)


@permission_action("self.view")
def self_diary(request):
    """My diary entries, newest first, with the coach's answers to the shared ones."""
    period = _period(request, "diary.view")
    entries: list[DiaryEntry] = []
    if period is not None:
        entries = list(diary_entry_list(period=period, viewer=request.user))
        _audit_read("diary.view", period, entries)
    context = _context(
        request,
        "diary.view",
        period,
        entries=entries,
        can_write=period is not None and period.phase in OPEN_PHASES,
    )
    return render(request, "web/self/diary.html", context)


def _open_period(request) -> CoachingPeriod | None:
    period = self_period_get(visible=periods_visible_to(request.user, "diary.write"))
    return period if period is not None and period.phase in OPEN_PHASES else None


@permission_action("diary.write")
def self_diary_new(request):
    """Write a diary entry for a day of my open period; private unless I share it."""
    period = _open_period(request)
    form = DiaryEntryForm(request.POST or None)
    status = 200
    if period is not None and request.method == "POST":
        if form.is_valid():
            try:
                diary_entry_create(
                    actor=request.user,
                    period=period,
                    date=form.cleaned_data["date"],
                    did=form.cleaned_data["did"],
                    learned=form.cleaned_data["learned"],
                    felt=form.cleaned_data["felt"],
                    is_shared=form.is_shared,
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _saved_message(form.is_shared))
                return redirect(reverse("self_diary"))
        status = 400
    elif period is None and request.method == "POST":
        status = 400
    context = {"form": form, "period": period, "entry": None}
    return render(request, "web/self/diary_form.html", context, status=status)


def _saved_message(shared: bool) -> str:
    if shared:
        return gettext("Saved. Your coach can read it now.")
    return gettext("Saved. Only you can read it.")


@permission_action("diary.write")
def self_diary_edit(request, pk: int):
    """Change my own entry while the period is open (an answered entry stays shared)."""
    visible = scope_queryset(request.user, "diary.view", DiaryEntry.objects.all())
    entry = self_diary_entry_get(visible=visible.filter(author=request.user), pk=pk)
    if entry is None:
        raise Http404(gettext("No such diary entry."))
    _audit_read("diary.view", entry.period, [entry])
    form = DiaryEntryForm(request.POST or None, entry=entry)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                diary_entry_update(
                    actor=request.user,
                    entry=entry,
                    did=form.cleaned_data["did"],
                    learned=form.cleaned_data["learned"],
                    felt=form.cleaned_data["felt"],
                    is_shared=form.is_shared,
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _saved_message(form.is_shared))
                return redirect(reverse("self_diary"))
        status = 400
    context = {
        "form": form,
        "period": entry.period,
        "entry": entry,
        "can_edit": entry.period.phase in OPEN_PHASES,
    }
    return render(request, "web/self/diary_form.html", context, status=status)


@permission_action("self.view")
def self_goals(request):
    """My goals and what was said when they were reviewed (read only)."""
    period = _period(request, "goal.view")
    goals = period_goal_list(period=period) if period is not None else []
    if period is not None:
        reviews = [review for goal in goals for review in goal.reviews.all()]
        _audit_read("goal.view", period, [*goals, *reviews])
    context = _context(request, "goal.view", period, goals=goals)
    return render(request, "web/self/goals.html", context)
