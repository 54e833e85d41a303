"""The brand settings form: shapes the upload for ``brand_update``, which holds the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class BrandForm(forms.Form):
    brand_colour = forms.CharField(
        label=_("Brand colour"),
        required=False,
        max_length=20,
        help_text=_(
            "Six hexadecimal digits, such as #0000bf. White text must stay readable on it "
            "(contrast at least 4.5:1). Empty: Valmo's own blue."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("A PNG, JPEG or WebP image of at most 512 kB and 2000 × 2000 pixels."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)
