"""Forms of the staff web app. They shape input for the services and hold no rules."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.selectors import work_coaches_active
from coaching.group_day_selectors import GroupDay, TraineeDay
from coaching.models import Attendance
from coaching.services import DailyEntryInput, TaskDone

NOT_LOGGED = ""
# Short labels for the tap targets; the stored values are the daily log's attendances.
ATTENDANCE_CHOICES = [
    (Attendance.PRESENT, pgettext_lazy("attendance", "Present")),
    (Attendance.ABSENT_SICK, pgettext_lazy("attendance", "Sick")),
    (Attendance.ABSENT_AGREED, pgettext_lazy("attendance", "Agreed absence")),
    (Attendance.ABSENT_UNEXPLAINED, pgettext_lazy("attendance", "Unexplained absence")),
    (NOT_LOGGED, pgettext_lazy("attendance", "Not logged")),
]


def _plain(hours: Decimal | None) -> Decimal | None:
    """6.00 as 6 and 6.50 as 6.5, so the prefilled field reads as a person would write it."""
    if hours is None:
        return None
    return hours.quantize(Decimal(1)) if hours == hours.to_integral() else hours.normalize()


class DayForm(forms.Form):
    """The day shown (``?date=``), today when not given; a tenant admin also picks the coach
    (``?coach=``), since an admin has no group of their own."""

    date = forms.DateField(label=_("Date"), required=False, widget=forms.DateInput())
    coach = forms.ModelChoiceField(
        label=_("Work coach"),
        required=False,
        queryset=work_coaches_active(),
        empty_label=_("Choose a work coach"),
    )

    def __init__(self, *args, with_coach: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if with_coach:
            self.fields["coach"].label_from_instance = (  # type: ignore[attr-defined]
                lambda u: u.get_full_name() or u.email
            )
        else:
            del self.fields["coach"]

    def day(self) -> datetime.date:  # "date" is the field here
        return self.cleaned_data.get("date") or timezone.localdate()


class TraineeDayForm(forms.Form):
    """One trainee's day: attendance, hours, the tasks done at a level and notes.

    Prefilled from the day's entry when recorded, otherwise from the plan: present for the
    hours of the status in force, every assigned task done at its level.
    """

    attendance = forms.ChoiceField(
        label=_("Attendance"),
        choices=ATTENDANCE_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    hours = forms.DecimalField(
        label=_("Hours"),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(24),
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    note = forms.CharField(
        label=_("Note on the day and learning"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    observations = forms.CharField(
        label=_("Observations on work and functional capacity"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, row: TraineeDay, levels, *args, **kwargs):
        self.row = row
        level_choices = [(str(level.pk), str(level)) for level in levels]
        tasks = {a.task_id: (a.task, a.level_id) for a in row.assignments}
        done = {}
        if row.entry is not None:
            done = {d.task_id: d.level_id for d in row.entry.tasks_done.all()}
            for item in row.entry.tasks_done.all():
                tasks.setdefault(item.task_id, (item.task, item.level_id))
        kwargs.setdefault("initial", self._initial(row, tasks, done))
        super().__init__(*args, **kwargs)
        for task_id, (task, _level_id) in tasks.items():
            self.fields[f"task_{task_id}"] = forms.BooleanField(label=task.name, required=False)
            self.fields[f"level_{task_id}"] = forms.TypedChoiceField(
                label=gettext("Level: %(task)s") % {"task": task.name},
                choices=level_choices,
                coerce=int,
            )
        self.task_ids = list(tasks)

    @staticmethod
    def _initial(row: TraineeDay, tasks: dict, done: dict) -> dict:
        if row.entry is not None:
            entry = row.entry
            initial: dict[str, Any] = {
                "attendance": entry.attendance,
                "hours": _plain(entry.hours),
                "note": entry.learning_notes,
                "observations": entry.capacity_observations,
            }
            for task_id, (_task, level_id) in tasks.items():
                initial[f"task_{task_id}"] = task_id in done
                initial[f"level_{task_id}"] = done.get(task_id, level_id)
            return initial
        initial = {
            "attendance": Attendance.PRESENT if row.status is not None else NOT_LOGGED,
            "hours": _plain(row.planned_hours),
        }
        for task_id, (_task, level_id) in tasks.items():
            initial[f"task_{task_id}"] = True
            initial[f"level_{task_id}"] = level_id
        return initial

    def tasks(self):
        """(checkbox, level) bound fields of each task, for the template."""
        return [(self[f"task_{task_id}"], self[f"level_{task_id}"]) for task_id in self.task_ids]

    @property
    def is_present(self) -> bool:
        value = self["attendance"].value()
        return value == Attendance.PRESENT

    def clean(self):
        data = super().clean()
        attendance = data.get("attendance")
        if attendance == Attendance.PRESENT and data.get("hours") is None:
            self.add_error("hours", gettext("Enter the hours of a present trainee."))
        return data

    def entry(self) -> DailyEntryInput | None:
        """The service's input, or None when the trainee's day is not logged."""
        data = self.cleaned_data
        attendance = data["attendance"]
        if attendance == NOT_LOGGED:
            return None
        present = attendance == Attendance.PRESENT
        # An absent day has no hours or tasks: what the plan prefilled is left out.
        tasks = [
            TaskDone(task_id=task_id, level_id=data[f"level_{task_id}"])
            for task_id in self.task_ids
            if present and data.get(f"task_{task_id}")
        ]
        return DailyEntryInput(
            trainee_id=self.row.trainee.pk,
            attendance=attendance,
            hours=data["hours"] if present else Decimal(0),
            tasks=tasks,
            learning_notes=data["note"],
            capacity_observations=data["observations"],
        )


class RowFormSet:
    """Many rows' forms in one submit: every row is validated, so all errors show at once, and
    a service's per-row refusal (``error.<refusal_attribute>``: row key → field → messages) is
    shown at that row's field while everyone's input is kept."""

    refusal_attribute = ""
    fallback_field: str | None = None
    empty_message: str | Promise = ""

    def _rows_set(self, forms_by_key: dict) -> None:
        self.forms = list(forms_by_key.values())
        self._by_key = forms_by_key
        self.errors: list[str] = []

    def __iter__(self):
        return iter(self.forms)

    def submitted(self) -> list:  # pragma: no cover - overridden
        raise NotImplementedError

    def is_valid(self) -> bool:
        results = [form.is_valid() for form in self.forms]  # every row, to show all errors
        valid = all(results)
        if valid and not self.submitted():
            self.errors.append(str(self.empty_message))
            return False
        return valid

    def add_service_error(self, error: ValidationError) -> None:
        """Show the service's refusal at each row's field; the rest stays as entered."""
        by_key = getattr(error, self.refusal_attribute, None)
        if not by_key:
            self.errors.extend(error.messages)
            return
        for key, fields in by_key.items():
            form = self._by_key.get(key)
            if form is None:
                self.errors.extend(message for messages in fields.values() for message in messages)
                continue
            for name, messages in fields.items():
                form.add_error(name if name in form.fields else self.fallback_field, messages)

    @property
    def error_count(self) -> int:
        return len(self.errors) + sum(1 for form in self.forms if form.errors)


class GroupDayForm(RowFormSet):
    """The whole group's day in one submit: one ``TraineeDayForm`` per trainee."""

    refusal_attribute = "by_trainee"
    empty_message = _("Mark at least one trainee present or absent.")

    def __init__(self, group: GroupDay, data=None):
        self.group = group
        self._rows_set(
            {
                row.trainee.pk: TraineeDayForm(
                    row, group.levels, data=data, prefix=f"t{row.trainee.pk}"
                )
                for row in group.rows
            }
        )

    def entries(self) -> list[DailyEntryInput]:
        return [entry for form in self.forms if (entry := form.entry()) is not None]

    submitted = entries
