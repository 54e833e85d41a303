"""Forms of the referral intake and period action pages: they shape input for the services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from coaching.models import CoachingPeriod, Outcome, Phase, Referral


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
    start_on = forms.DateField(label=_("Start"), widget=forms.DateInput(attrs={"type": "date"}))
    planned_end_on = forms.DateField(
        label=_("Planned end"), widget=forms.DateInput(attrs={"type": "date"})
    )
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
        coach.queryset = User.objects.filter(role=User.Role.WORK_COACH, is_active=True).order_by(
            "last_name", "first_name", "email"
        )


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
        help_text=_("Needed for interruptions and reopenings."),
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
