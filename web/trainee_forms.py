"""The trainees list's search and filters. Shapes ``?q=&phase=&status=&coach=&site=`` only."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.selectors import work_coaches_active
from coaching.models import ParticipationStatus, Phase, Site


class TraineeFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    phase = forms.ChoiceField(
        label=_("Phase"), required=False, choices=[("", _("All")), *list(Phase.choices)]
    )
    status = forms.ModelChoiceField(
        label=_("Participation status"),
        required=False,
        queryset=ParticipationStatus.objects.order_by("name"),
        empty_label=_("All"),
    )
    coach = forms.ModelChoiceField(
        label=_("Work coach"),
        required=False,
        queryset=work_coaches_active(),
        empty_label=_("All"),
    )
    site = forms.ModelChoiceField(
        label=_("Site"),
        required=False,
        queryset=Site.objects.order_by("name"),
        empty_label=_("All"),
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=100_000)

    def __init__(self, *args, with_status: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coach"].label_from_instance = (  # type: ignore[attr-defined]  # a ModelChoiceField
            lambda u: u.get_full_name() or u.email
        )
        if not with_status:  # participation statuses are social-welfare data
            del self.fields["status"]
