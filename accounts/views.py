"""Account pages: invitation acceptance and the administrator's sign-in settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from . import permissions, selectors, services
from .adapters import AccountAdapter, sign_in_refusal
from .common import (
    ACCOUNT_ADMIN_ACTION,
    SELF_SERVICE_ACTION,
    SSO_PROVIDER_ID,
    on_public_schema,
)
from .forms import (
    InvitationAcceptForm,
    SecurityPolicyForm,
    SsoProviderForm,
    StaffInviteForm,
    form_errors_add,
)
from .permissions import permission_action


@permission_action(SELF_SERVICE_ACTION)
@never_cache
@sensitive_post_parameters("password1", "password2")
def invitation_accept(request, token: str):
    """Let an invited person set a password; an unusable link gets a page that says why."""
    check = selectors.invitation_check(token=token)
    if check.invitation is None:
        status = 404 if check.code == "invalid" else 410
        return render(
            request, "account/invitation_invalid.html", {"problem": check.problem}, status=status
        )
    form = InvitationAcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                token=token,
                password1=form.cleaned_data["password1"],
                password2=form.cleaned_data["password2"],
            )
        except ValidationError as error:
            if "token" in error.message_dict:
                return render(
                    request,
                    "account/invitation_invalid.html",
                    {"problem": error.message_dict["token"][0]},
                    status=410,
                )
            form_errors_add(form, error)
        else:
            messages.success(
                request,
                gettext("Your password has been set. Sign in with %(email)s.")
                % {"email": user.email},
            )
            return redirect("account_login")
    return render(
        request,
        "account/invitation_accept.html",
        {"form": form, "invited_user": check.invitation.user},
    )


@permission_action(SELF_SERVICE_ACTION)
@never_cache
def sign_in_link(request, token: str):
    """Sign a trainee in with the one-time link their coach printed or showed.

    Opening the link only shows a button: the link is spent by the POST, so a link preview
    or a prefetching scanner cannot use it up.
    """
    if request.method != "POST":
        return render(request, "account/sign_in_link.html", {})
    try:
        user = services.sign_in_link_use(token=token)
    except ValidationError as error:
        problem = error.message_dict["token"][0]
        return render(request, "account/sign_in_link.html", {"problem": problem}, status=410)
    refusal = sign_in_refusal(user)
    if refusal:
        return render(request, "account/sign_in_refused.html", {"message": refusal}, status=403)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect(AccountAdapter(request).get_login_redirect_url(request))


@permission_action(SELF_SERVICE_ACTION)
@login_required
def account_overview(request):
    """The signed-in person's account page: password, two-factor authentication, settings."""
    return render(
        request,
        "account/overview.html",
        {
            "has_mfa": selectors.user_has_mfa(request.user),
            "policy": selectors.security_policy_get(),
            "is_account_admin": _is_account_admin(request.user),
            "is_public": on_public_schema(),
        },
    )


def _is_account_admin(user) -> bool:
    return permissions.can(user, ACCOUNT_ADMIN_ACTION)


@permission_action(ACCOUNT_ADMIN_ACTION)
def staff_invitations(request):
    """Invite staff (operators and coordinators on the public host) and list open invitations."""
    form = StaffInviteForm(request.POST or None, roles=services.invitable_roles())
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.staff_invite(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(
                request,
                gettext("An invitation was sent to %(email)s.") % {"email": invitation.user.email},
            )
            return redirect("staff_invitations")
    return render(
        request,
        "account/staff_invitations.html",
        {"form": form, "invitations": selectors.invitation_open_list()},
    )


@permission_action(ACCOUNT_ADMIN_ACTION)
def security_policy(request):
    """The schema's sign-in policy: MFA for staff, idle time-out, trainee sign-in."""
    policy = selectors.security_policy_get()
    form = SecurityPolicyForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.fields}
        try:
            services.security_policy_update(actor=request.user, **values)
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, gettext("The security policy was saved."))
            return redirect("security_policy")
    return render(request, "account/security_policy.html", {"form": form})


@permission_action(ACCOUNT_ADMIN_ACTION)
@sensitive_post_parameters("client_secret")
def sso_settings(request):
    """The municipality's OpenID Connect sign-in, configured without code changes."""
    if on_public_schema():
        raise Http404
    app = selectors.sso_provider_get()
    initial = {"enabled": True}
    if app is not None:
        initial = {
            "label": app.name,
            "issuer_url": app.settings.get("server_url", ""),
            "client_id": app.client_id,
            "enabled": app.settings.get("enabled", True),
            "trust_email": app.settings.get("verified_email", False),
        }
    form = SsoProviderForm(request.POST or None, initial=initial)
    if request.method == "POST" and request.POST.get("remove"):
        services.sso_provider_remove(actor=request.user)
        messages.success(request, gettext("Single sign-on was removed."))
        return redirect("sso_settings")
    if request.method == "POST" and form.is_valid():
        try:
            services.sso_provider_configure(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, gettext("Single sign-on settings were saved."))
            return redirect("sso_settings")
    callback_url = request.build_absolute_uri(
        reverse("openid_connect_callback", kwargs={"provider_id": SSO_PROVIDER_ID})
    )
    return render(
        request,
        "account/sso_settings.html",
        {"form": form, "app": app, "callback_url": callback_url},
    )
