"""The municipality's brand: its settings page, and the stylesheet and logo every page links.

The colour reaches the pages through a stylesheet of this host (``/brand.css``), not inline
styles, so the Content-Security-Policy stays ``'self'`` only; the logo is served from the
tenant's storage through this host for the same reason (an S3 URL would be another origin).
"""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext

from accounts.permissions import permission_action
from coaching.selectors import brand_get, brand_logo_get, coaching_settings_get
from coaching.services import brand_update
from valmo import colour

from .brand_forms import BrandForm

# A versioned URL (``?v=``) changes with the brand, so browsers may keep it for long.
LONG_CACHE = "public, max-age=31536000, immutable"
SHORT_CACHE = "public, max-age=300"


def _cache_control(request) -> str:
    return LONG_CACHE if request.GET.get("v") else SHORT_CACHE


@permission_action("public.page")
def brand_css(request):
    """The custom properties of the header's colours (empty when the tenant has none)."""
    brand = brand_get()
    body = "/* Valmo: the municipality's brand colour */\n"
    if brand.colour:
        body += (
            f":root {{ --brand: {brand.colour}; --brand-dark: {colour.darker(brand.colour)}; }}\n"
        )
    response = HttpResponse(body, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = _cache_control(request)
    response["ETag"] = f'"brand-{brand.version}"'
    return response


@permission_action("public.page")
def brand_logo(request):
    """The logo file from the tenant's storage, or 404 when there is none."""
    row = brand_logo_get()
    if row is None:
        raise Http404
    content_type = mimetypes.guess_type(row.logo.name)[0] or "application/octet-stream"
    try:
        handle = row.logo.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = _cache_control(request)
    return response


@permission_action("configuration.change")
def brand_settings(request):
    """The tenant admin sets the brand colour and logo; ``brand_update`` checks them."""
    current = coaching_settings_get()
    status = 200
    if request.method == "POST":
        form = BrandForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                brand_update(
                    actor=request.user,
                    brand_colour=form.cleaned_data["brand_colour"],
                    logo=form.cleaned_data["logo"] or None,
                    remove_logo=form.cleaned_data["remove_logo"],
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, gettext("The brand is saved."))
                return redirect(reverse("brand_settings"))
        status = 400
    else:
        form = BrandForm(initial={"brand_colour": current.brand_colour})
    context = {"form": form, "current": current}
    return render(request, "web/brand_settings.html", context, status=status)
