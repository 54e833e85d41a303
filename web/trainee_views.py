"""The trainees list and the trainee's page. Thin: reads through selectors, access through the
permission layer, and every trainee shown logged as read."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from accounts.permissions import (
    can,
    periods_visible_to,
    permission_action,
    rule_for,
    scope_queryset,
    trainees_visible_to,
)
from coaching.models import PlacementFeedback
from coaching.placement_selectors import feedback_list
from coaching.trainee_selectors import (
    TIMELINE_KINDS,
    health_safety_get,
    hours_by_week,
    task_levels,
    trainee_page_get,
    trainee_rows,
    trainee_search,
)
from privacy import audit
from privacy.selectors import audit_events_for_trainee

from .charts import hours_chart, task_levels_chart
from .trainee_forms import TraineeFilterForm

PAGE_SIZE = 25
HANDLED_LIMIT = 20


@permission_action("trainee.list")
def trainee_list(request):
    """Search and filter the trainees in the viewer's reach, a page at a time."""
    user = request.user
    with_status = can(user, "trainee.social_welfare.view")
    form = TraineeFilterForm(request.GET or None, with_status=with_status)
    if request.GET and not form.is_valid():
        return render(request, "web/trainees/list.html", {"form": form}, status=400)
    data = form.cleaned_data if request.GET else {}
    today = timezone.localdate()
    found = trainee_search(
        trainees=trainees_visible_to(user, "trainee.list"),
        periods=periods_visible_to(user),
        query=data.get("q") or "",
        phase=data.get("phase") or "",
        status_id=data["status"].pk if data.get("status") else None,
        coach_id=data["coach"].pk if data.get("coach") else None,
        site_id=data["site"].pk if data.get("site") else None,
        today=today,
    )
    page = Paginator(found, PAGE_SIZE).get_page(data.get("page") or 1)
    rows = trainee_rows(list(page.object_list), today=today)
    rule = rule_for("trainee.list")
    audit.record_rows(
        "read",
        [row.trainee for row in rows],
        section=rule.section,
        purpose=rule.purpose,
        trainee_ids={row.trainee.pk: row.trainee.pk for row in rows},
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "with_status": with_status,
        "query": query.urlencode(),
    }
    return render(request, "web/trainees/list.html", context)


def _placement_feedback(user, period) -> list | None:
    """The supervisor's weekly feedback on the period (read-only here), logged as read; None
    when the viewer may not read it or the period was never placed."""
    if period is None or not can(user, "placement.feedback.view", period):
        return None
    visible = scope_queryset(user, "placement.feedback.view", PlacementFeedback.objects.all())
    rows = feedback_list(feedback=visible, period=period)
    if not rows and period.placement_unit_id is None:
        return None
    rule = rule_for("placement.feedback.view")
    audit.record_rows(
        "read",
        rows,
        section=rule.section,
        purpose=rule.purpose,
        trainee_ids={row.pk: period.trainee_id for row in rows},
    )
    return rows


@permission_action("trainee.view")
def trainee_detail(request, pk: int):
    """The trainee's header, the period's timeline and the sections the viewer may read."""
    user = request.user
    trainee = get_object_or_404(trainees_visible_to(user, "trainee.view"), pk=pk)
    period_id = request.GET.get("period")
    if period_id is not None and not period_id.isdigit():
        raise Http404
    kind = request.GET.get("kind", "")
    if kind and kind not in TIMELINE_KINDS:
        raise Http404
    page = trainee_page_get(
        trainee=trainee,
        periods=periods_visible_to(user),
        period_id=int(period_id) if period_id else None,
        today=timezone.localdate(),
        with_social_welfare=can(user, "trainee.social_welfare.view", trainee),
        kind=kind,
    )
    with_social_welfare = page.period is not None and can(
        user, "trainee.social_welfare.view", page.period
    )
    with_health_safety = can(user, "trainee.restricted.view", trainee)
    health_safety = health_safety_get(page.period) if with_health_safety else None
    with_handled = can(user, "audit.view", trainee)
    rule = rule_for("trainee.view")
    audit.record_rows(
        "read",
        page.rows(),
        purpose=rule.purpose,
    )
    if health_safety is not None:
        audit.record(action="read", obj=health_safety, trainee_id=trainee.pk)
    handled = (
        list(audit_events_for_trainee(trainee_id=trainee.pk)[:HANDLED_LIMIT])
        if with_handled
        else []
    )
    if with_handled:
        access_rule = rule_for("audit.view")
        audit.record(
            action="read",
            object_type="privacy.auditevent",
            trainee_id=trainee.pk,
            section=access_rule.section,
            purpose=access_rule.purpose,
        )
    placement_feedback = _placement_feedback(user, page.period)
    context = {
        "placement_feedback": placement_feedback,
        "with_placement_feedback": placement_feedback is not None,
        "trainee": trainee,
        "page": page,
        "with_social_welfare": with_social_welfare,
        "with_health_safety": with_health_safety,
        "health_safety": health_safety,
        "with_handled": with_handled,
        "handled": handled,
        "can_period_actions": page.period is not None and can(user, "period.view", page.period),
        "kind": kind,
        "with_capacity": page.period is not None and can(user, "capacity.view", page.period),
        "with_competence": page.period is not None and can(user, "competence.view", page.period),
        "with_reports": page.period is not None and can(user, "final_summary.view", page.period),
        "kinds": [k for k in TIMELINE_KINDS if k != "status" or with_social_welfare],
        "with_equipment": can(user, "equipment.list", trainee),
        "with_export": can(user, "trainee.export", trainee),
        "with_account": can(user, "trainee.account.manage", trainee),
        "with_diary": page.period is not None and can(user, "diary.view", page.period),
        "hours_chart": (
            hours_chart(hours_by_week(page.period, today=timezone.localdate()))
            if page.period is not None
            else None
        ),
        "levels_chart": task_levels_chart(task_levels(page.period)) if page.period else None,
    }
    return render(request, "web/trainees/detail.html", context)
