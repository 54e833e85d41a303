"""Forms of the work order screens: they shape input for the services and show their refusals."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.selectors import work_coaches_active
from coaching.models import CoachingPeriod, WorkOrder, WorkOrderStatus, WorkTask, WorkUnit

from .period_forms import CoachChoiceField, ServiceErrorsMixin

OPEN = "open"


def date_input() -> forms.DateInput:
    """A native date picker; ISO format so the browser shows the initial value."""
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def _coaches():
    return work_coaches_active()


def _open_tasks():
    return WorkTask.objects.filter(retired_at__isnull=True).order_by("name", "pk")


class WorkOrderFilterForm(forms.Form):
    """``?status=&unit=&page=`` of the list; a bad value is a 400 naming the field."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), (OPEN, _("Open")), *WorkOrderStatus.choices],
    )
    unit = forms.ModelChoiceField(
        label=_("Ordering unit"),
        required=False,
        queryset=WorkUnit.objects.order_by("name"),
        empty_label=_("All"),
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=100_000)


class WorkOrderCreateForm(ServiceErrorsMixin):
    """A new order from a unit, with its first ordered task (more can be added on its page)."""

    ordering_unit = forms.ModelChoiceField(
        label=_("Ordering unit"), queryset=WorkUnit.objects.filter(is_active=True).order_by("name")
    )
    description = forms.CharField(
        label=_("Description"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    received_on = forms.DateField(label=_("Received"), widget=date_input())
    requested_start_on = forms.DateField(label=_("Requested start"), widget=date_input())
    requested_end_on = forms.DateField(
        label=_("Requested end"),
        required=False,
        widget=date_input(),
        help_text=_("Leave empty for a single day."),
    )
    task = forms.ModelChoiceField(label=_("Ordered task"), queryset=WorkTask.objects.none())
    quantity = forms.DecimalField(
        label=_("Quantity"), required=False, max_digits=8, decimal_places=2, min_value=0
    )
    notes = forms.CharField(label=_("Notes on the task"), required=False, max_length=2000)
    coach = CoachChoiceField(label=_("Work coach"), required=False, queryset=User.objects.none())
    contact_name = forms.CharField(
        label=_("Contact person"),
        required=False,
        max_length=200,
        help_text=_("Empty: the unit's contact."),
    )
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), required=False, max_length=40)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"received_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = _open_tasks()  # type: ignore[attr-defined]  # a ModelChoiceField
        self.fields["coach"].queryset = _coaches()  # type: ignore[attr-defined]  # a ModelChoiceField

    def add_service_error(self, error) -> None:
        # The service names its ordered lines "tasks"; here the one line is "task".
        if hasattr(error, "error_dict") and "tasks" in error.error_dict:
            error.error_dict["task"] = error.error_dict.pop("tasks")
        super().add_service_error(error)


class WorkOrderEditForm(ServiceErrorsMixin):
    """Correct an open order's description, requested dates and contact."""

    description = forms.CharField(
        label=_("Description"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    requested_start_on = forms.DateField(label=_("Requested start"), widget=date_input())
    requested_end_on = forms.DateField(
        label=_("Requested end"),
        required=False,
        widget=date_input(),
        help_text=_("Leave empty for a single day."),
    )
    contact_name = forms.CharField(label=_("Contact person"), required=False, max_length=200)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), required=False, max_length=40)

    def __init__(self, order: WorkOrder, *args, **kwargs):
        kwargs.setdefault("prefix", "edit")
        kwargs.setdefault(
            "initial",
            {name: getattr(order, name) for name in self.base_fields},
        )
        super().__init__(*args, **kwargs)


class WorkOrderTaskForm(ServiceErrorsMixin):
    task = forms.ModelChoiceField(label=_("Task"), queryset=WorkTask.objects.none())
    quantity = forms.DecimalField(
        label=_("Quantity"), required=False, max_digits=8, decimal_places=2, min_value=0
    )
    notes = forms.CharField(label=_("Notes"), required=False, max_length=2000)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "task")
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = _open_tasks()  # type: ignore[attr-defined]  # a ModelChoiceField


class PeriodChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: CoachingPeriod) -> str:  # type: ignore[override]
        return str(obj.trainee)


class WorkOrderAssignForm(ServiceErrorsMixin):
    """The order's coach and the trainees (of the viewer's group) who do the work."""

    coach = CoachChoiceField(label=_("Work coach"), required=False, queryset=User.objects.none())
    periods = PeriodChoiceField(
        label=_("Trainees"),
        required=False,
        queryset=CoachingPeriod.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, order: WorkOrder, *args, assignable, assigned: Iterable[int], **kwargs):
        kwargs.setdefault("prefix", "assign")
        kwargs.setdefault("initial", {"coach": order.coach_id, "periods": list(assigned)})
        super().__init__(*args, **kwargs)
        self.fields["coach"].queryset = _coaches()  # type: ignore[attr-defined]  # a ModelChoiceField
        self.fields["periods"].queryset = assignable  # type: ignore[attr-defined]  # a ModelChoiceField


class WorkOrderTransitionForm(ServiceErrorsMixin):
    """One status change; the buttons offer the allowed ones, the service decides."""

    to_status = forms.ChoiceField(label=_("New status"), choices=WorkOrderStatus.choices)
    reason = forms.CharField(
        label=_("Reason for the cancellation"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "status")
        super().__init__(*args, **kwargs)


class WorkOrderToolForm(ServiceErrorsMixin):
    name = forms.CharField(label=_("Tool"), max_length=200)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=32_000, initial=1)
    lent_on = forms.DateField(label=_("Lent"), widget=date_input())
    notes = forms.CharField(label=_("Notes"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "tool")
        kwargs.setdefault("initial", {"lent_on": timezone.localdate(), "quantity": 1})
        super().__init__(*args, **kwargs)


class ReturnDateForm(ServiceErrorsMixin):
    """The day something went back; today unless told otherwise."""

    returned_on = forms.DateField(label=_("Returned"), widget=date_input())

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"returned_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
