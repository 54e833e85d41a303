"""Apply the schema's sign-in policy to every signed-in request."""

from __future__ import annotations

import time

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext

from valmo.problems import problem_response

from .adapters import sign_in_refusal
from .selectors import security_policy_get, user_has_mfa, user_is_staff_member

LAST_SEEN_KEY = "valmo_last_seen"
MFA_NOTICE_KEY = "valmo_mfa_notice_shown"
# Seconds between writes of the last-seen time: the idle time-out is this much less exact.
LAST_SEEN_RESOLUTION = 30
# Pages a member of staff can still reach while the policy requires MFA they have not set up.
MFA_SETUP_URL_NAMES = frozenset(
    {
        "account_logout",
        "account_reauthenticate",
        "account_email_verification_sent",
        "account_confirm_email",
        "set_language",
        "health",
    }
)


class SignInPolicyMiddleware:
    """End idle or no longer permitted sessions and hold staff at MFA set-up when required.

    Runs after the authentication and allauth middleware. A session that is ended here
    continues as anonymous, so each view answers as it would to anyone signed out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        policy = security_policy_get()
        now = time.time()
        last_seen = request.session.get(LAST_SEEN_KEY)
        if last_seen is not None and now - last_seen > policy.session_idle_minutes * 60:
            logout(request)
            messages.info(
                request,
                gettext("You were signed out after %(minutes)s minutes without activity.")
                % {"minutes": policy.session_idle_minutes},
            )
            return self.get_response(request)
        refusal = sign_in_refusal(user)
        if refusal:
            logout(request)
            messages.error(request, refusal)
            return self.get_response(request)
        if last_seen is None or now - last_seen >= LAST_SEEN_RESOLUTION:
            request.session[LAST_SEEN_KEY] = now
        # For the page's own time-out (valmo.js): a shared screen must not keep showing data.
        request.idle_timeout_seconds = policy.session_idle_minutes * 60

        if (
            policy.mfa_required_for_staff
            and user_is_staff_member(user)
            and not self._may_pass_without_mfa(request)
            and not user_has_mfa(user)
        ):
            return self._mfa_setup_response(request)
        return self.get_response(request)

    @staticmethod
    def _may_pass_without_mfa(request) -> bool:
        try:
            match = resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            return False
        name = match.url_name or ""
        return name.startswith("mfa_") or name in MFA_SETUP_URL_NAMES

    @staticmethod
    def _mfa_setup_response(request):
        message = gettext(
            "Your organisation requires two-factor authentication. Set up an authenticator "
            "app or a security key to continue."
        )
        if request.path_info.startswith("/api/"):
            return problem_response(request, 403, message, code="mfa_required")
        if not request.session.get(MFA_NOTICE_KEY):
            request.session[MFA_NOTICE_KEY] = True
            messages.warning(request, message)
        return HttpResponseRedirect(reverse("mfa_index", urlconf=getattr(request, "urlconf", None)))
