"""Work orders from municipal units: the list, a new order and the order's page with its actions.

Thin: pages read through ``coaching.work_order_selectors``, forms call the work order
services, and a refusal comes back at the field it names with a 400. Trainees on an order are
named only to those who may see their periods, and every one shown is logged as read.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from accounts.permissions import periods_visible_to, permission_action, rule_for
from coaching.models import CoachingPeriod, WorkOrderStatus, WorkOrderTool
from coaching.services import (
    WORK_ORDER_TRANSITIONS,
    OrderedTask,
    work_order_assign,
    work_order_create,
    work_order_task_add,
    work_order_tool_lend,
    work_order_tool_return,
    work_order_transition,
    work_order_update,
)
from coaching.work_order_selectors import (
    WorkOrderPage,
    work_order_assignable_periods,
    work_order_get,
    work_order_list,
)
from privacy import audit

from .submit import form_write
from .work_order_forms import (
    ReturnDateForm,
    WorkOrderAssignForm,
    WorkOrderCreateForm,
    WorkOrderEditForm,
    WorkOrderFilterForm,
    WorkOrderTaskForm,
    WorkOrderToolForm,
    WorkOrderTransitionForm,
)

ACTION = "work_order.manage"
PAGE_SIZE = 25


def _audit_periods(periods: list[CoachingPeriod]) -> None:
    rule = rule_for("period.view")
    audit.record_rows(
        "read",
        periods,
        section=rule.section,
        purpose=rule.purpose,
        trainee_ids={period.pk: period.trainee_id for period in periods},
    )


@permission_action(ACTION)
def work_order_list_view(request):
    """Orders from units, filtered by status and unit, a page at a time."""
    form = WorkOrderFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        return render(request, "web/work_orders/list.html", {"form": form}, status=400)
    data = form.cleaned_data if request.GET else {}
    orders = work_order_list(
        status=data.get("status") or "",
        unit_id=data["unit"].pk if data.get("unit") else None,
    )
    page = Paginator(orders, PAGE_SIZE).get_page(data.get("page") or 1)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "orders": list(page.object_list), "listed": True}
    context["query"] = query.urlencode()
    return render(request, "web/work_orders/list.html", context)


@permission_action(ACTION)
def work_order_new(request):
    """Record an order a unit sent, with its first ordered task."""
    form = WorkOrderCreateForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                order = work_order_create(
                    actor=request.user,
                    ordering_unit=data["ordering_unit"],
                    description=data["description"],
                    received_on=data["received_on"],
                    requested_start_on=data["requested_start_on"],
                    requested_end_on=data["requested_end_on"],
                    contact_name=data["contact_name"],
                    contact_email=data["contact_email"],
                    contact_phone=data["contact_phone"],
                    coach=data["coach"],
                    tasks=[OrderedTask(data["task"], data["quantity"], data["notes"])],
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, gettext("The work order is recorded."))
                return redirect("work_order_detail", pk=order.pk)
        return render(request, "web/work_orders/new.html", {"form": form}, status=400)
    return render(request, "web/work_orders/new.html", {"form": form})


def _page_or_404(request, pk: int) -> WorkOrderPage:
    page = work_order_get(pk=pk, visible_periods=periods_visible_to(request.user))
    if page is None:
        raise Http404(gettext("No such work order."))
    return page


def _next_statuses(page: WorkOrderPage) -> list[str]:
    """The allowed changes from the order's status, cancellation last."""
    allowed = WORK_ORDER_TRANSITIONS.get(page.order.status, frozenset())
    return [value for value in WorkOrderStatus.values if value in allowed]


def _detail(request, page: WorkOrderPage, status: int = 200, **forms):
    """Render the order's page; ``forms`` replaces the blank forms (bound, with errors)."""
    visible = periods_visible_to(request.user)
    assignable = work_order_assignable_periods(visible_periods=visible)
    if "assign" not in forms:
        forms["assign"] = WorkOrderAssignForm(
            page.order, assignable=assignable, assigned=[p.pk for p in page.periods]
        )
    forms.setdefault("edit", WorkOrderEditForm(page.order))
    forms.setdefault("task", WorkOrderTaskForm())
    forms.setdefault("transition", WorkOrderTransitionForm())
    forms.setdefault("tool", WorkOrderToolForm())
    forms.setdefault("tool_return", ReturnDateForm(prefix="return"))
    if not page.is_open:  # a stale page posted to a closed order: its forms are not shown
        for form in forms.values():
            for message in form.non_field_errors():
                messages.error(request, message)
    choices = list(forms["assign"].fields["periods"].queryset)
    _audit_periods([*page.periods, *[p for p in choices if p not in page.periods]])
    next_statuses = _next_statuses(page)
    context = {
        "page": page,
        "order": page.order,
        "forms": forms,
        "advance": [
            (s, WorkOrderStatus(s).label) for s in next_statuses if s != WorkOrderStatus.CANCELLED
        ],
        "can_cancel": WorkOrderStatus.CANCELLED in next_statuses,
        "assigned_count": len(page.periods) + len(page.hidden_period_ids),
        "today": timezone.localdate(),
        "tools_out": [tool for tool in page.tools if tool.returned_on is None],
        "tools_back": [tool for tool in page.tools if tool.returned_on is not None],
    }
    return render(request, "web/work_orders/detail.html", context, status=status)


@permission_action(ACTION)
def work_order_detail(request, pk: int):
    """The order: status and its buttons, ordered tasks, trainees, lent tools and history."""
    return _detail(request, _page_or_404(request, pk))


def _back(pk: int, anchor: str = ""):
    return redirect(reverse("work_order_detail", kwargs={"pk": pk}) + anchor)


@permission_action(ACTION)
def work_order_edit(request, pk: int):
    """Correct the description, requested dates and contact of an open order."""
    page = _page_or_404(request, pk)
    if request.method != "POST":
        return _back(pk)
    form = WorkOrderEditForm(page.order, data=request.POST)
    if form_write(
        form, lambda data: work_order_update(actor=request.user, order=page.order, **data)
    ):
        messages.success(request, gettext("The work order is saved."))
        return _back(pk)
    return _detail(request, page, status=400, edit=form)


@permission_action(ACTION)
def work_order_task_add_view(request, pk: int):
    """Add an ordered task to an open order."""
    page = _page_or_404(request, pk)
    if request.method != "POST":
        return _back(pk)
    form = WorkOrderTaskForm(data=request.POST)
    if form_write(
        form,
        lambda data: work_order_task_add(
            actor=request.user,
            order=page.order,
            task=data["task"],
            quantity=data["quantity"],
            notes=data["notes"],
        ),
    ):
        messages.success(request, gettext("The task is added to the order."))
        return _back(pk, "#order-tasks")
    return _detail(request, page, status=400, task=form)


@permission_action(ACTION)
def work_order_assign_view(request, pk: int):
    """Set the order's coach and the viewer's trainees on it.

    Trainees of other coaches, whom the viewer does not see, stay on the order.
    """
    page = _page_or_404(request, pk)
    if request.method != "POST":
        return _back(pk)
    assignable = work_order_assignable_periods(visible_periods=periods_visible_to(request.user))
    form = WorkOrderAssignForm(
        page.order,
        data=request.POST,
        assignable=assignable,
        assigned=[p.pk for p in page.periods],
    )
    hidden = CoachingPeriod.objects.filter(pk__in=page.hidden_period_ids)
    if form_write(
        form,
        lambda data: work_order_assign(
            actor=request.user,
            order=page.order,
            coach=data["coach"],
            periods=[*data["periods"], *hidden],
        ),
    ):
        messages.success(request, gettext("The assignment is saved."))
        return _back(pk, "#order-people")
    return _detail(request, page, status=400, assign=form)


@permission_action(ACTION)
def work_order_transition_view(request, pk: int):
    """Move the order to another status; a refusal is shown at the field it concerns."""
    page = _page_or_404(request, pk)
    if request.method != "POST":
        return _back(pk)
    form = WorkOrderTransitionForm(data=request.POST)
    extra: dict = {}
    if form.is_valid():
        try:
            order = work_order_transition(
                actor=request.user,
                order=page.order,
                to_status=form.cleaned_data["to_status"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            extra = _spread(request, page, form, error)
        else:
            messages.success(
                request,
                gettext("The work order is now %(status)s.")
                % {"status": order.get_status_display()},
            )
            return _back(pk)
    return _detail(request, page, status=400, transition=form, **extra)


def _with_error(form, field: str | None, text: list[str]):
    """A blank form carrying a refusal that another form's submit ran into."""
    form.full_clean()  # an unbound form: only starts its (empty) error dict
    form.cleaned_data = {}
    form.add_error(field, text)
    return form


def _spread(request, page: WorkOrderPage, form, error: ValidationError) -> dict:
    """Put a transition refusal where it can be settled: a missing coach at the coach field,
    missing tasks at the task form, the rest at the status form."""
    extra: dict = {}
    errors = error.error_dict if hasattr(error, "error_dict") else {None: error.error_list}
    for field, items in errors.items():
        text = [message for item in items for message in item.messages]
        if field == "coach":
            assign = WorkOrderAssignForm(
                page.order,
                assignable=work_order_assignable_periods(
                    visible_periods=periods_visible_to(request.user)
                ),
                assigned=[p.pk for p in page.periods],
            )
            extra["assign"] = _with_error(assign, "coach", text)
        elif field == "tasks":
            extra["task"] = _with_error(WorkOrderTaskForm(), "task", text)
        else:
            form.add_error(field if field in form.fields else None, text)
    return extra


@permission_action(ACTION)
def work_order_tool_lend_view(request, pk: int):
    """Record a tool the unit lends for the work."""
    page = _page_or_404(request, pk)
    if request.method != "POST":
        return _back(pk)
    form = WorkOrderToolForm(data=request.POST)
    if form_write(
        form, lambda data: work_order_tool_lend(actor=request.user, order=page.order, **data)
    ):
        messages.success(request, gettext("The lent tool is recorded."))
        return _back(pk, "#order-tools")
    return _detail(request, page, status=400, tool=form)


@permission_action(ACTION)
def work_order_tool_return_view(request, pk: int):
    """Record that a lent tool went back to its unit."""
    tool = get_object_or_404(WorkOrderTool, pk=pk)
    page = _page_or_404(request, tool.order_id)
    if request.method != "POST":
        return _back(tool.order_id, "#order-tools")
    form = ReturnDateForm(data=request.POST, prefix="return")
    if form_write(
        form,
        lambda data: work_order_tool_return(
            actor=request.user, tool=tool, returned_on=data["returned_on"]
        ),
    ):
        messages.success(request, gettext("The tool is returned."))
        return _back(tool.order_id, "#order-tools")
    # Which row the errors belong to, and what was typed there.
    form.failed_tool = tool.pk  # type: ignore[attr-defined]
    form.failed_value = request.POST.get("return-returned_on", "")  # type: ignore[attr-defined]
    return _detail(request, page, status=400, tool_return=form)
