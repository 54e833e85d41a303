"""Forms of the trainee's own pages and of the coach's side of a trainee's sign-in and diary.

They shape input for the services and hold no rules; labels are plain language.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coaching.models import DiaryEntry

from .period_forms import IsoDateInput, ServiceErrorsMixin

SHARE_CHOICES = (
    ("private", _("Only me")),
    ("shared", _("Me and my coach")),
)


class DiaryEntryForm(ServiceErrorsMixin):
    """A diary entry in the trainee's own words; the day is fixed once written."""

    date = forms.DateField(label=_("Day"), widget=IsoDateInput())
    did = forms.CharField(
        label=_("What did I do?"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    learned = forms.CharField(
        label=_("What did I learn?"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    felt = forms.CharField(
        label=_("How did it feel?"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    share = forms.ChoiceField(
        label=_("Who can read this?"),
        choices=SHARE_CHOICES,
        initial="private",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, entry: DiaryEntry | None = None, **kwargs):
        if entry is not None:
            kwargs.setdefault(
                "initial",
                {
                    "date": entry.date,
                    "did": entry.did,
                    "learned": entry.learned,
                    "felt": entry.felt,
                    "share": "shared" if entry.is_shared else "private",
                },
            )
        else:
            kwargs.setdefault("initial", {"date": timezone.localdate(), "share": "private"})
        super().__init__(*args, **kwargs)
        if entry is not None:
            # The day of a written entry stays; the service changes only its texts and sharing.
            del self.fields["date"]

    def add_service_error(self, error) -> None:
        # The service names sharing ``is_shared`` and the day's rules ``period``.
        if hasattr(error, "error_dict"):
            renamed = {"is_shared": "share", "period": "date" if "date" in self.fields else None}
            for name, errors in error.error_dict.items():
                target = renamed.get(name, name)
                messages = [message for item in errors for message in item.messages]
                self.add_error(target if target in self.fields else None, messages)
            return
        super().add_service_error(error)

    @property
    def is_shared(self) -> bool:
        return self.cleaned_data["share"] == "shared"


class DiaryCommentForm(ServiceErrorsMixin):
    """The coach's answer to an entry the trainee shared."""

    comment = forms.CharField(
        label=_("Your answer"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class TraineeInviteForm(ServiceErrorsMixin):
    """The trainee's e-mail address for the invitation (prefilled from the trainee's data)."""

    email = forms.CharField(
        label=_("The trainee's e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
