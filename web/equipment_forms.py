"""Forms of the equipment and locker screens: they shape input for the equipment services."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coaching.equipment_selectors import equipment_type_active_list, free_locker_list
from coaching.models import EquipmentType, Locker

from .period_forms import ServiceErrorsMixin
from .work_order_forms import date_input


class LockerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Locker) -> str:  # type: ignore[override]
        return f"{obj.site} – {obj.number}" if obj.site else obj.number


class EquipmentIssueForm(ServiceErrorsMixin):
    equipment_type = forms.ModelChoiceField(
        label=_("Equipment type"), queryset=EquipmentType.objects.none()
    )
    size = forms.CharField(label=_("Size"), required=False, max_length=20)
    issued_on = forms.DateField(label=_("Issued"), widget=date_input())
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "issue")
        kwargs.setdefault("initial", {"issued_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["equipment_type"].queryset = equipment_type_active_list()  # type: ignore[attr-defined]  # a ModelChoiceField


class LockerAssignForm(ServiceErrorsMixin):
    locker = LockerChoiceField(label=_("Locker"), queryset=Locker.objects.none())
    key_issued_on = forms.DateField(label=_("Key issued"), widget=date_input())

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "locker")
        kwargs.setdefault("initial", {"key_issued_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["locker"].queryset = free_locker_list()  # type: ignore[attr-defined]  # a ModelChoiceField


class ReturnForm(ServiceErrorsMixin):
    """The day an item or a key came back (one row's inline form)."""

    returned_on = forms.DateField(label=_("Returned"), widget=date_input())
