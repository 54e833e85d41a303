"""Forms of the coaching activity screens: they shape input for the activity services."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from coaching.activity_selectors import ActivityGroup, GroupMember
from coaching.models import Activity, ActivityAttendance, ActivityType
from coaching.services.activities import ParticipantInput

from .forms import RowFormSet
from .period_forms import ServiceErrorsMixin

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
MAX_RANGE_DAYS = 366


class ActivityFilterForm(forms.Form):
    """The date range of the list (``?start=&end=``) and whether to show only the own group's."""

    start = forms.DateField(label=_("From"), required=False, widget=DATE_INPUT)
    end = forms.DateField(label=_("To"), required=False, widget=DATE_INPUT)
    mine = forms.BooleanField(label=_("Only with my trainees"), required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", gettext("The end of the range is before its start."))
            elif (end - start).days > MAX_RANGE_DAYS:
                self.add_error("end", gettext("Show at most a year at a time."))
        return data

    def range(self, today: datetime.date) -> tuple[datetime.date, datetime.date]:
        data = self.cleaned_data if self.is_bound else {}
        start = data.get("start") or today - datetime.timedelta(days=30)
        end = data.get("end") or max(start, today) + datetime.timedelta(days=60)
        if (end - start).days > MAX_RANGE_DAYS:
            end = start + datetime.timedelta(days=MAX_RANGE_DAYS)
        return start, end


class ActivityTypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ActivityType) -> str:  # type: ignore[override]
        return obj.name


class ActivityForm(ServiceErrorsMixin):
    """An activity's details; the start and end are a date and two times of that day."""

    activity_type = ActivityTypeChoiceField(
        label=_("Activity type"), queryset=ActivityType.objects.none()
    )
    title = forms.CharField(label=pgettext_lazy("activity", "Title"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    starts_at = forms.TimeField(label=_("Starts"), widget=TIME_INPUT)
    ends_at = forms.TimeField(label=_("Ends"), required=False, widget=TIME_INPUT)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    organiser = forms.CharField(label=_("Organiser"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, types, activity: Activity | None = None, **kwargs):
        if activity is not None:
            starts = timezone.localtime(activity.starts_at)
            ends = timezone.localtime(activity.ends_at) if activity.ends_at else None
            kwargs.setdefault(
                "initial",
                {
                    "activity_type": activity.type_id,
                    "title": activity.title,
                    "date": starts.date(),
                    "starts_at": starts.time(),
                    "ends_at": ends.time() if ends else None,
                    "place": activity.place,
                    "organiser": activity.organiser,
                    "description": activity.description,
                },
            )
        super().__init__(*args, **kwargs)
        field = self.fields["activity_type"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = types

    def service_arguments(self) -> dict:
        """The services' keyword arguments: aware start and end times on the chosen date."""
        data = self.cleaned_data
        zone = timezone.get_current_timezone()
        starts = datetime.datetime.combine(data["date"], data["starts_at"], tzinfo=zone)
        ends = (
            datetime.datetime.combine(data["date"], data["ends_at"], tzinfo=zone)
            if data.get("ends_at")
            else None
        )
        return {
            "activity_type": data["activity_type"],
            "title": data["title"],
            "starts_at": starts,
            "ends_at": ends,
            "place": data["place"],
            "organiser": data["organiser"],
            "description": data["description"],
        }


NOT_TAKING_PART = ""
# Short labels for the tap targets; the stored values are the activity attendances.
ATTENDANCE_CHOICES = [
    (ActivityAttendance.ATTENDED, pgettext_lazy("activity attendance", "Present")),
    (ActivityAttendance.ABSENT_EXCUSED, pgettext_lazy("activity attendance", "Absent, excused")),
    (
        ActivityAttendance.ABSENT_UNEXPLAINED,
        pgettext_lazy("activity attendance", "Absent, unexplained"),
    ),
    (ActivityAttendance.REGISTERED, pgettext_lazy("activity attendance", "Registered")),
    (NOT_TAKING_PART, pgettext_lazy("activity attendance", "Not taking part")),
]


class MemberForm(forms.Form):
    """One trainee's attendance at the activity and a short note.

    Prefilled from the recorded participation; otherwise, until anything of the group is
    recorded, the viewer's own trainees are marked present once the activity has started
    (registered before); the other rows are not taking part.
    A recorded participant cannot be taken out (the choice is not offered).
    """

    attendance = forms.ChoiceField(
        label=_("Attendance"), choices=ATTENDANCE_CHOICES, required=False, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, member: GroupMember, *args, started: bool, recorded: bool, **kwargs):
        self.member = member
        participant = member.participant
        if participant is not None:
            attendance = participant.attendance
            if attendance == ActivityAttendance.REGISTERED and started:
                attendance = ActivityAttendance.ATTENDED
            initial = {"attendance": attendance, "note": participant.note}
        elif member.own and not recorded:
            initial = {
                "attendance": ActivityAttendance.ATTENDED
                if started
                else ActivityAttendance.REGISTERED
            }
        else:
            initial = {"attendance": NOT_TAKING_PART}
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        field = self.fields["attendance"]
        assert isinstance(field, forms.ChoiceField)
        choices = ATTENDANCE_CHOICES if started else ATTENDANCE_CHOICES[3:]
        if participant is not None:
            choices = [choice for choice in choices if choice[0] != NOT_TAKING_PART]
        field.choices = choices
        field.required = participant is not None

    def participant(self) -> ParticipantInput | None:
        attendance = self.cleaned_data["attendance"]
        if attendance == NOT_TAKING_PART:
            return None
        return ParticipantInput(
            period_id=self.member.period.pk, attendance=attendance, note=self.cleaned_data["note"]
        )


class AttendanceForm(RowFormSet):
    """The whole group's attendance in one submit: one ``MemberForm`` per trainee."""

    refusal_attribute = "by_period"
    fallback_field = "attendance"
    empty_message = _("Mark at least one trainee as taking part.")

    def __init__(self, group: ActivityGroup, data=None):
        self.group = group
        started = group.activity.starts_at <= timezone.now()
        recorded = any(member.participant is not None for member in group.members)
        self._rows_set(
            {
                member.period.pk: MemberForm(
                    member,
                    data=data,
                    prefix=f"p{member.period.pk}",
                    started=started,
                    recorded=recorded,
                )
                for member in group.members
            }
        )

    def participants(self) -> list[ParticipantInput]:
        return [row for form in self.forms if (row := form.participant()) is not None]

    submitted = participants
