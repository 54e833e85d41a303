"""Forms of the referral intake and period action pages: they shape input for the services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.selectors import work_coaches_active
from coaching.models import (
    CoachingPeriod,
    FollowUpContact,
    Outcome,
    ParticipationStatus,
    Phase,
    Referral,
    WorkUnit,
)


class IsoDateInput(forms.DateInput):
    """A native date picker: its value must be ISO (a localised "9.12.2026" shows empty and
    is submitted empty, which made the browser's accept click fail)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class CoachChoiceField(forms.ModelChoiceField):
    """Coaches by name, or e-mail when the name is missing."""

    def label_from_instance(self, obj: User) -> str:  # type: ignore[override]
        return obj.get_full_name() or obj.email


class ServiceErrorsMixin(forms.Form):
    """Show a service's ``refuse(field, ...)`` at that field, or above the form."""

    def add_service_error(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for name, errors in error.error_dict.items():
            messages = [message for item in errors for message in item.messages]
            self.add_error(name if name in self.fields else None, messages)


class ReferralAcceptForm(ServiceErrorsMixin):
    """Accepting a referral opens a period in phase "referred" for the chosen coach."""

    coach = CoachChoiceField(label=_("Work coach"), queryset=User.objects.none())
    start_on = forms.DateField(label=_("Start"), widget=IsoDateInput())
    planned_end_on = forms.DateField(label=_("Planned end"), widget=IsoDateInput())
    override_reason = forms.CharField(
        label=_("Reason for exceeding the group limit"),
        required=False,
        max_length=500,
        help_text=_("Only a tenant admin may open a period above the coach's hard limit."),
    )

    def __init__(self, referral: Referral, *args, viewer: User, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "coach": viewer.pk if viewer.role == User.Role.WORK_COACH else None,
                "start_on": referral.planned_start_on,
                "planned_end_on": referral.planned_end_on,
            },
        )
        super().__init__(*args, **kwargs)
        coach = self.fields["coach"]
        assert isinstance(coach, forms.ModelChoiceField)
        coach.queryset = work_coaches_active()


class ReferralDeclineForm(ServiceErrorsMixin):
    """Declining needs a reason; it goes back to the case manager."""

    reason = forms.CharField(
        label=_("Reason for declining"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "decline")
        super().__init__(*args, **kwargs)


class PeriodTransitionForm(ServiceErrorsMixin):
    """Move a period to another phase; the service decides which moves are allowed."""

    to_phase = forms.ChoiceField(label=_("New phase"))
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Needed when interrupting the period, when reopening it after an interruption "
            "and when resuming an ended period."
        ),
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        required=False,
        choices=[("", "—"), *Outcome.choices],
        help_text=_("Needed when the period ends."),
    )

    def __init__(self, period: CoachingPeriod, *args, allowed: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        # Every phase but the current one is offered: the service's rule explains a refusal
        # at this field, the allowed ones are listed first.
        rest = [value for value in Phase.values if value not in allowed and value != period.phase]
        to_phase = self.fields["to_phase"]
        assert isinstance(to_phase, forms.ChoiceField)
        to_phase.choices = [(value, Phase(value).label) for value in [*allowed, *rest]]
        if allowed:
            self.fields["to_phase"].initial = allowed[0]


class PeriodStatusForm(ServiceErrorsMixin):
    """A participation status to start in the period; its legal frame is shown before saving."""

    status = forms.ModelChoiceField(
        label=_("Participation status"), queryset=ParticipationStatus.objects.none()
    )
    valid_from = forms.DateField(label=_("Valid from"), widget=IsoDateInput())
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=IsoDateInput())
    days_per_week = forms.IntegerField(label=_("Days a week"), min_value=1, max_value=7)
    hours_per_day = forms.DecimalField(
        label=_("Hours a day"), min_value=0, max_value=24, max_digits=4, decimal_places=2
    )
    subsidy_type = forms.CharField(
        label=_("Subsidy type"),
        required=False,
        max_length=100,
        help_text=_("Only for statuses that record a subsidy type."),
    )

    def __init__(self, *args, frame_url: str = "", **kwargs):
        kwargs.setdefault("prefix", "status")
        super().__init__(*args, **kwargs)
        status = self.fields["status"]
        assert isinstance(status, forms.ModelChoiceField)
        status.queryset = ParticipationStatus.objects.filter(is_active=True).order_by("name")
        if frame_url:  # with htmx the frame follows the status and the dates as they change
            for name in ("status", "valid_from", "valid_until"):
                self.fields[name].widget.attrs.update(
                    {
                        "hx-get": frame_url,
                        "hx-trigger": "change",
                        "hx-include": "[name^='status-']",
                        "hx-target": "#status-frame",
                        "hx-swap": "innerHTML",
                    }
                )


class StatusFrameQueryForm(forms.Form):
    """The status and dates the frame preview is asked for (the status form's own names)."""

    status = forms.ModelChoiceField(queryset=ParticipationStatus.objects.filter(is_active=True))
    valid_from = forms.DateField()
    valid_until = forms.DateField(required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "status")
        super().__init__(*args, **kwargs)


class PlacementForm(ServiceErrorsMixin):
    """Place the trainee in a work unit; the supervisor defaults to the unit's own."""

    work_unit = forms.ModelChoiceField(label=_("Work unit"), queryset=WorkUnit.objects.none())
    supervisor = CoachChoiceField(
        label=_("Placement supervisor"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Leave empty to use the work unit's own supervisor."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "placement")
        super().__init__(*args, **kwargs)
        unit = self.fields["work_unit"]
        supervisor = self.fields["supervisor"]
        assert isinstance(unit, forms.ModelChoiceField)
        assert isinstance(supervisor, forms.ModelChoiceField)
        unit.queryset = WorkUnit.objects.filter(is_active=True).order_by("name")
        supervisor.queryset = User.objects.filter(
            role=User.Role.UNIT_SUPERVISOR, is_active=True
        ).order_by("last_name", "first_name", "email")


class CoachAssignForm(ServiceErrorsMixin):
    """Hand the period to another work coach, under the group-size rule."""

    coach = CoachChoiceField(label=_("Work coach"), queryset=User.objects.none())
    override_reason = forms.CharField(
        label=_("Reason for exceeding the group limit"),
        required=False,
        max_length=500,
        help_text=_("Only a tenant admin may open a period above the coach's hard limit."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "assign")
        super().__init__(*args, **kwargs)
        coach = self.fields["coach"]
        assert isinstance(coach, forms.ModelChoiceField)
        coach.queryset = work_coaches_active()


class FollowUpContactForm(ServiceErrorsMixin):
    """A follow-up contact after the period has ended."""

    date = forms.DateField(label=_("Date"), widget=IsoDateInput())
    kind = forms.ChoiceField(label=_("Kind of contact"), choices=FollowUpContact.Kind.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "followup")
        super().__init__(*args, **kwargs)
