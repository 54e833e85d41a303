"""The coach's side of a trainee's own pages: the trainee's sign-in, and answering the diary.

Thin: reads through ``coaching.self_selectors``, writes through the services; a trainee
outside the viewer's reach is a 404 (``trainees_visible_to``, ``periods_visible_to``).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from accounts.permissions import (
    can,
    periods_visible_to,
    permission_action,
    require,
    rule_for,
    scope_queryset,
    trainees_visible_to,
)
from coaching.models import CoachingPeriod, DiaryEntry, Trainee
from coaching.self_selectors import (
    self_diary_entry_get,
    self_period_get,
    shared_diary_entries,
    trainee_account_get,
)
from coaching.services.diary import diary_entry_comment
from coaching.services.trainee_accounts import (
    trainee_account_active_set,
    trainee_account_invite,
    trainee_sign_in_link_create,
)
from privacy import audit

from .self_forms import DiaryCommentForm, TraineeInviteForm

ACCOUNT_ACTION = "trainee.account.manage"


def _trainee_or_404(request, pk: int, action: str) -> Trainee:
    trainee = get_object_or_404(trainees_visible_to(request.user, action), pk=pk)
    require(request.user, action, trainee)
    return trainee


def _account_url(trainee: Trainee) -> str:
    return reverse("trainee_account", kwargs={"pk": trainee.pk})


def _account_page(
    request,
    trainee: Trainee,
    *,
    form: TraineeInviteForm | None = None,
    link_url: str = "",
    link_expires=None,
    status: int = 200,
):
    account = trainee_account_get(trainee=trainee)
    rule = rule_for("trainee.view")
    audit.record(action="read", obj=trainee, section=rule.section, purpose=rule.purpose)
    if form is None:
        email = account.user.email if account.has_email and account.user else trainee.email
        form = TraineeInviteForm(initial={"email": email})
    context = {
        "trainee": trainee,
        "account": account,
        "form": form,
        "link_url": link_url,
        "link_expires": link_expires,
        "now": timezone.now(),
    }
    return render(request, "web/trainees/account.html", context, status=status)


@permission_action(ACCOUNT_ACTION)
def trainee_account(request, pk: int):
    """The trainee's sign-in: none, invited, in use or disabled, and what the coach can do."""
    trainee = _trainee_or_404(request, pk, ACCOUNT_ACTION)
    return _account_page(request, trainee)


@permission_action(ACCOUNT_ACTION)
def trainee_account_invite_view(request, pk: int):
    """E-mail the trainee an invitation to set a password."""
    trainee = _trainee_or_404(request, pk, ACCOUNT_ACTION)
    if request.method != "POST":
        return redirect(_account_url(trainee))
    form = TraineeInviteForm(request.POST)
    if form.is_valid():
        try:
            invitation = trainee_account_invite(
                actor=request.user, trainee=trainee, email=form.cleaned_data["email"]
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                gettext("The invitation is on its way to %(email)s.")
                % {"email": invitation.user.email},
            )
            return redirect(_account_url(trainee))
    return _account_page(request, trainee, form=form, status=400)


@permission_action(ACCOUNT_ACTION)
def trainee_sign_in_link_view(request, pk: int):
    """Make a one-time sign-in link and show it once (to print or to open on the phone)."""
    trainee = _trainee_or_404(request, pk, ACCOUNT_ACTION)
    if request.method != "POST":
        return redirect(_account_url(trainee))
    try:
        link, token = trainee_sign_in_link_create(actor=request.user, trainee=trainee)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return _account_page(request, trainee, status=400)
    url = request.build_absolute_uri(reverse("sign_in_link", kwargs={"token": token}))
    response = _account_page(request, trainee, link_url=url, link_expires=link.expires_at)
    response["Cache-Control"] = "no-store"
    return response


@permission_action(ACCOUNT_ACTION)
def trainee_account_active_view(request, pk: int):
    """Disable the trainee's sign-in, or enable it again."""
    trainee = _trainee_or_404(request, pk, ACCOUNT_ACTION)
    if request.method != "POST":
        return redirect(_account_url(trainee))
    is_active = request.POST.get("is_active")
    if is_active not in ("0", "1"):
        messages.error(request, gettext("Choose whether to enable or disable the sign-in."))
        return _account_page(request, trainee, status=400)
    try:
        trainee_account_active_set(actor=request.user, trainee=trainee, is_active=is_active == "1")
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return _account_page(request, trainee, status=400)
    if is_active == "1":
        messages.success(request, gettext("The trainee can sign in again."))
    else:
        messages.success(request, gettext("The trainee can no longer sign in."))
    return redirect(_account_url(trainee))


# --- The coach answers the diary ----------------------------------------------------------


def _prefix(entry: DiaryEntry) -> str:
    """Each entry's answer form has its own field names and ids on the one page."""
    return f"entry{entry.pk}"


def _diary_page(request, trainee: Trainee, period: CoachingPeriod | None, forms=None, status=200):
    entries = shared_diary_entries(period=period) if period is not None else []
    if period is not None:
        rule = rule_for("diary.view")
        rows = [period, *entries]
        audit.record_rows(
            "read",
            rows,
            section=rule.section,
            purpose=rule.purpose,
            trainee_ids={row.pk: trainee.pk for row in rows},
        )
    forms = forms or {}
    for entry in entries:
        initial = {"comment": entry.coach_comment}
        forms.setdefault(entry.pk, DiaryCommentForm(prefix=_prefix(entry), initial=initial))
    can_comment = period is not None and can(request.user, "diary.comment", period)
    context = {
        "trainee": trainee,
        "period": period,
        "rows": [(entry, forms[entry.pk]) for entry in entries],
        "can_comment": can_comment,
    }
    return render(request, "web/trainees/diary.html", context, status=status)


@permission_action("diary.view")
def trainee_diary(request, pk: int):
    """The entries the trainee has shared, newest first, each with the coach's answer form."""
    trainee = _trainee_or_404(request, pk, "diary.view")
    period_id = request.GET.get("period")
    if period_id is not None and not period_id.isdigit():
        raise Http404
    period = self_period_get(
        visible=periods_visible_to(request.user, "diary.view").filter(trainee=trainee),
        period_id=int(period_id) if period_id else None,
    )
    if period_id and period is None:
        raise Http404(gettext("No such coaching period."))
    return _diary_page(request, trainee, period)


@permission_action("diary.comment")
def diary_entry_answer(request, pk: int):
    """Answer one shared entry; a refusal shows at the answer with a 400."""
    visible = scope_queryset(request.user, "diary.view", DiaryEntry.objects.filter(is_shared=True))
    entry = self_diary_entry_get(visible=visible, pk=pk)
    if entry is None:
        raise Http404(gettext("No such diary entry."))
    require(request.user, "diary.comment", entry.period)
    trainee = entry.period.trainee
    diary_url = f"{reverse('trainee_diary', kwargs={'pk': trainee.pk})}?period={entry.period_id}"
    if request.method != "POST":
        return redirect(diary_url)
    form = DiaryCommentForm(request.POST, prefix=_prefix(entry))
    if form.is_valid():
        try:
            diary_entry_comment(
                actor=request.user, entry=entry, comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, gettext("Your answer is saved. The trainee can read it."))
            return redirect(f"{diary_url}#entry-{entry.pk}")
    return _diary_page(request, trainee, entry.period, forms={entry.pk: form}, status=400)
