"""Capacity indicator pages: the group overview, a period's trajectory and assessment entry.

Reads through ``competence.capacity.screen_selectors``, writes through
``capacity_assessment_submit``; the period must be within ``capacity.view`` (else 404) and
the rater type one the viewer may enter (else 403, the service's own rule).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext

from accounts.models import User
from accounts.permissions import periods_visible_to, permission_action
from coaching.models import CoachingPeriod, Phase
from coaching.referral_selectors import period_get
from competence.capacity.models import Instrument, Occasion, RaterType
from competence.capacity.screen_selectors import (
    capacity_entry_get,
    capacity_group_overview,
    capacity_group_periods,
    capacity_period_get,
)
from competence.capacity.services import capacity_assessment_submit, capacity_rater_types_for

from .audit_reads import audit_read
from .capacity_charts import trajectory_chart
from .capacity_forms import AssessmentEntryForm
from .submit import form_write

PAGE_SIZE = 25


def _period_or_404(request, pk: int) -> CoachingPeriod:
    period = period_get(visible=periods_visible_to(request.user, "capacity.view"), pk=pk)
    if period is None:
        raise Http404(gettext("No such coaching period."))
    return period


@permission_action("capacity.view")
def capacity_overview(request):
    """The viewer's group: each trainee's latest coach occasion, coverage and change, a page
    at a time (an admin's reach is every open period of the municipality)."""
    periods = periods_visible_to(request.user, "capacity.view").exclude(phase=Phase.CLOSED)
    page = Paginator(capacity_group_periods(periods=periods), PAGE_SIZE).get_page(
        request.GET.get("page") or 1
    )
    overview = capacity_group_overview(periods=list(page.object_list))
    shown = [row.period for row in overview.rows]
    audit_read("capacity.view", shown, {p.pk: p.trainee_id for p in shown})
    rows = [
        (
            row,
            [
                (name, row.scores.get(code), row.changes.get(code))
                for code, name in overview.dimensions
            ],
        )
        for row in overview.rows
    ]
    return render(request, "web/capacity/overview.html", {"rows": rows, "page": page, "query": ""})


@permission_action("capacity.view")
def capacity_period(request, pk: int):
    """A period's trajectory per dimension (self against coach) and the assessments to enter."""
    period = _period_or_404(request, pk)
    capacity = capacity_period_get(period=period)
    shown = [period, *capacity.assessments]
    audit_read("capacity.view", shown, {row.pk: period.trainee_id for row in shown})
    enterable = set(capacity_rater_types_for(request.user, period, list(RaterType.values)))
    dimensions = [
        (
            dimension,
            trajectory_chart(dimension, capacity.scale, capacity.raters),
            [(row, [row.scores.get(r) for r in capacity.raters]) for row in dimension.rows],
        )
        for dimension in capacity.dimensions
    ]
    context = {
        "period": period,
        "capacity": capacity,
        "dimensions": dimensions,
        "entries": [
            e
            for e in capacity.entries
            if e.rater_type in enterable
            # Nobody to give the supervisor's assessment before the trainee is placed.
            and (e.rater_type != RaterType.SUPERVISOR or period.placement_supervisor_id)
        ],
        "closed": period.phase == Phase.CLOSED,
        "raters": [(r, RaterType(r).label) for r in capacity.raters],
    }
    return render(request, "web/capacity/period.html", context)


def _rater_of(request, period: CoachingPeriod, rater_type: str) -> User | None:
    if rater_type == RaterType.SUPERVISOR:
        return period.placement_supervisor
    if rater_type == RaterType.COACH:
        return request.user
    return None


@permission_action("capacity.assess")
def capacity_entry(request, pk: int, instrument: int, occasion: str, rater_type: str):
    """One rater's assessment at one occasion: every item on one page, one submit."""
    if occasion not in Occasion.values or rater_type not in RaterType.values:
        raise Http404
    period = _period_or_404(request, pk)
    if not capacity_rater_types_for(request.user, period, [rater_type]):
        raise PermissionDenied(gettext("You may not enter this assessment."))
    return assessment_entry_page(
        request,
        period=period,
        instrument=get_object_or_404(Instrument, pk=instrument),
        occasion=occasion,
        rater_type=rater_type,
        rater=_rater_of(request, period, rater_type),
        template="web/capacity/entry.html",
        done_url=reverse("capacity_period", kwargs={"pk": period.pk}),
    )


def assessment_entry_page(
    request,
    *,
    period: CoachingPeriod,
    instrument: Instrument,
    occasion: str,
    rater_type: str,
    rater: User | None,
    template: str,
    done_url: str,
):
    """One rater's form at one occasion (the coach's pages and the supervisor's): show it,
    logged as read, and save it through ``capacity_assessment_submit``; a final one is read-only.
    """
    entry = capacity_entry_get(
        period=period,
        instrument=instrument,
        occasion=occasion,
        rater_type=rater_type,
        rater=rater,
    )
    if entry is None:
        raise Http404(gettext("This instrument is not used for this assessment."))
    shown = [period] if entry.assessment is None else [period, entry.assessment]
    audit_read("capacity.assess", shown, {row.pk: period.trainee_id for row in shown})
    status = 200
    if request.method == "POST":
        form = AssessmentEntryForm(entry.version, data=request.POST, answers=entry.answers)
        if form_write(
            form,
            lambda data: capacity_assessment_submit(
                actor=request.user,
                period=period,
                version=entry.version,
                occasion=occasion,
                rater_type=rater_type,
                rater=rater,
                assessed_on=data["assessed_on"],
                answers=form.answers(),
                note=data["note"],
                finalise=data["finalise"],
            ),
        ):
            messages.success(request, gettext("The assessment is saved."))
            return redirect(done_url)
        status = 400
    else:
        initial = {}
        if entry.assessment is not None:
            initial = {"assessed_on": entry.assessment.assessed_on, "note": entry.assessment.note}
        form = AssessmentEntryForm(entry.version, initial=initial, answers=entry.answers)
    read_only = entry.assessment is not None and entry.assessment.is_final
    if read_only:
        for field in form.fields.values():
            field.disabled = True
    context = {
        "period": period,
        "entry": entry,
        "form": form,
        "occasion_label": Occasion(occasion).label,
        "rater_label": RaterType(rater_type).label,
        "read_only": read_only,
    }
    return render(request, template, context, status=status)
