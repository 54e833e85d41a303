"""Integrations (tenant admin): API keys and webhook subscriptions with their delivery log.

Thin: reads through ``accounts.api_keys.selectors`` and ``integrations.selectors``, writes
through their services; a refusal shows at its field with a 400. A new key's token and a new
subscription's signing secret are shown once, in the response to the POST that made them,
and never stored in the session or shown again.
"""

from __future__ import annotations

from datetime import datetime, time

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from accounts.api_keys.selectors import api_key_list
from accounts.api_keys.services import api_key_create, api_key_revoke
from accounts.models import ApiKey
from accounts.permissions import permission_action
from integrations.models import WebhookDelivery, WebhookSubscription
from integrations.selectors import delivery_list, subscription_list
from integrations.services import delivery_resend, subscription_create, subscription_delete
from valmo.events import EVENT_TYPES

from .integration_forms import ApiKeyForm, WebhookForm

ACTION = "integration.manage"
PAGE_SIZE = 25


def _errors_to(form, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        target = "expires_on" if field == "expires_at" else field
        form.add_error(target if target in form.fields else None, errors)


def _page(request, *, key_form=None, hook_form=None, created=None, status: int = 200):
    today = timezone.localdate()
    context = {
        "keys": list(api_key_list()),
        "subscriptions": list(subscription_list()),
        "key_form": key_form
        or ApiKeyForm(initial={"expires_on": today.replace(year=today.year + 1)}),
        "hook_form": hook_form or WebhookForm(initial={"event_types": list(EVENT_TYPES[:3])}),
        "created": created or {},
        "now": timezone.now(),
    }
    return render(request, "web/integrations/settings.html", context, status=status)


@permission_action(ACTION)
def integration_settings(request):
    """The API keys and webhook subscriptions of the municipality."""
    return _page(request)


@require_POST
@permission_action(ACTION)
def api_key_create_view(request):
    form = ApiKeyForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        expires_at = timezone.make_aware(datetime.combine(data["expires_on"], time(23, 59)))
        try:
            created = api_key_create(
                actor=request.user,
                name=data["name"],
                role=data["role"],
                expires_at=expires_at,
                allowed_networks=data["allowed_networks"],
                rate_limit_per_minute=data["rate_limit_per_minute"],
            )
        except ValidationError as error:
            _errors_to(form, error)
        else:
            return _page(request, created={"key": created.key, "token": created.token})
    return _page(request, key_form=form, status=400)


@require_POST
@permission_action(ACTION)
def api_key_revoke_view(request, pk: int):
    key = get_object_or_404(ApiKey, pk=pk)
    api_key_revoke(actor=request.user, key=key)
    messages.success(request, gettext("The key %(name)s is revoked.") % {"name": key.name})
    return redirect(reverse("integration_settings"))


@require_POST
@permission_action(ACTION)
def webhook_create_view(request):
    form = WebhookForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            subscription = subscription_create(
                actor=request.user,
                url=data["url"],
                event_types=data["event_types"],
                description=data["description"],
                detail_role=data["detail_role"],
            )
        except ValidationError as error:
            _errors_to(form, error)
        else:
            return _page(request, created={"subscription": subscription})
    return _page(request, hook_form=form, status=400)


@require_POST
@permission_action(ACTION)
def webhook_delete_view(request, pk: int):
    subscription = get_object_or_404(WebhookSubscription, pk=pk, deleted_at__isnull=True)
    subscription_delete(actor=request.user, subscription=subscription)
    messages.success(request, gettext("The webhook is deleted; its delivery log stays."))
    return redirect(reverse("integration_settings"))


@permission_action(ACTION)
def webhook_deliveries(request, pk: int):
    """One subscription's delivery log, newest first, with a re-send button per delivery."""
    subscription = get_object_or_404(WebhookSubscription, pk=pk)
    page = Paginator(delivery_list(subscription), PAGE_SIZE).get_page(request.GET.get("page") or 1)
    context = {"subscription": subscription, "page": page, "deliveries": list(page.object_list)}
    return render(request, "web/integrations/deliveries.html", context)


@require_POST
@permission_action(ACTION)
def webhook_resend_view(request, pk: int):
    delivery = get_object_or_404(WebhookDelivery, pk=pk)
    try:
        delivery_resend(actor=request.user, delivery=delivery)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, gettext("The message is queued to be sent again."))
    return redirect(reverse("webhook_deliveries", args=[delivery.subscription_id]))
