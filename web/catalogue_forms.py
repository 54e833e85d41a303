"""Forms of the task catalogue's setup screens; ``coaching.services.catalogue`` holds the rules."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from coaching.catalogue_selectors import NationalSector
from coaching.models import DifficultyLevel, EquipmentType, TaskSector, WorkUnit
from coaching.services.catalogue import level_field


class SectorAdoptForm(forms.Form):
    sectors = forms.MultipleChoiceField(
        label=_("Sectors"), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, national: list[NationalSector], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sectors"].choices = [  # type: ignore[attr-defined]  # a ChoiceField
            (row.code, row.name) for row in national if not row.complete
        ]


class WorkTaskForm(forms.Form):
    """A task with one description field per level of the municipality's difficulty scale."""

    sector = forms.ModelChoiceField(label=_("Sector"), queryset=TaskSector.objects.none())
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    protective_equipment = forms.CharField(
        label=_("Protective equipment"),
        max_length=300,
        required=False,
        help_text=_('As the coach says it, e.g. "Work gloves, high-visibility vest".'),
    )
    required_equipment = forms.ModelMultipleChoiceField(
        label=_("Required protective equipment"),
        queryset=EquipmentType.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    needs_transport = forms.BooleanField(label=_("Needs transport"), required=False)
    ordering_unit = forms.ModelChoiceField(
        label=_("Ordering unit"),
        queryset=WorkUnit.objects.none(),
        required=False,
        empty_label="—",
    )

    def __init__(
        self,
        *args,
        sectors: QuerySet[TaskSector],
        units: QuerySet[WorkUnit],
        equipment: QuerySet[EquipmentType],
        levels: list[DifficultyLevel],
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = sectors  # type: ignore[attr-defined]  # a ModelChoiceField
        self.fields["ordering_unit"].queryset = units  # type: ignore[attr-defined]  # a ModelChoiceField
        self.fields["required_equipment"].queryset = equipment  # type: ignore[attr-defined]  # a ModelChoiceField
        self.levels = levels
        for level in levels:
            self.fields[level_field(level.level)] = forms.CharField(
                label=_("Level %(level)s – %(name)s") % {"level": level.level, "name": level.name},
                error_messages={"required": _("Describe what the task means at this level.")},
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    @property
    def level_fields(self) -> list[forms.BoundField]:
        return [self[level_field(level.level)] for level in self.levels]

    def service_values(self) -> dict:
        """The cleaned values as the services take them."""
        data = dict(self.cleaned_data)
        levels = {level.level: data.pop(level_field(level.level)) or "" for level in self.levels}
        return {**data, "levels": levels}


class DifficultyLevelForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
