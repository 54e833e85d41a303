"""Partner organisations, coaching settings and the coach group-size limits."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext

from accounts.models import User
from accounts.permissions import permission_required_for
from coaching.models import CoachingPeriod, CoachingSettings, PartnerContact, PartnerOrganisation
from coaching.models.periods import GROUP_PHASES
from coaching.selectors import coaching_settings_get
from valmo.integrity import constraint_errors

from .common import refuse


@dataclass
class GroupSizeCheck:
    group_size: int
    warnings: list[str] = field(default_factory=list)
    override_needed: bool = False


@transaction.atomic
@permission_required_for("settings.change")
def coaching_settings_update(
    *,
    actor: User,
    group_size_soft_limit: int | None = None,
    group_size_hard_limit: int | None = None,
    follow_up_months: int | None = None,
    personal_identity_code_enabled: bool | None = None,
) -> CoachingSettings:
    """Change the tenant's coaching settings; only a tenant admin may."""
    settings_row = coaching_settings_get()
    for name, value in (
        ("group_size_soft_limit", group_size_soft_limit),
        ("group_size_hard_limit", group_size_hard_limit),
        ("follow_up_months", follow_up_months),
        ("personal_identity_code_enabled", personal_identity_code_enabled),
    ):
        if value is not None:
            setattr(settings_row, name, value)
    if settings_row.group_size_soft_limit > settings_row.group_size_hard_limit:
        raise refuse(
            "group_size_soft_limit",
            gettext("The soft group limit cannot be above the hard group limit."),
        )
    settings_row.full_clean()
    with constraint_errors():
        settings_row.save()
    return settings_row


@transaction.atomic
@permission_required_for("partner.manage")
def partner_organisation_create(*, actor: User, name: str, kind: str) -> PartnerOrganisation:
    """Create a partner organisation (referrer, employer, association …)."""
    organisation = PartnerOrganisation(name=name, kind=kind)
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
@permission_required_for("partner.manage")
def partner_organisation_update(
    *,
    actor: User,
    organisation: PartnerOrganisation,
    name: str | None = None,
    kind: str | None = None,
    is_active: bool | None = None,
) -> PartnerOrganisation:
    """Rename, reclassify or retire an organisation; a retired one's contacts retire with it.

    Rows are never deleted: referrals keep pointing at the organisation that sent them.
    """
    row = PartnerOrganisation.objects.select_for_update().get(pk=organisation.pk)
    if name is not None:
        row.name = name.strip()
    if kind is not None:
        row.kind = kind
    if is_active is not None:
        row.is_active = is_active
    row.full_clean()
    with constraint_errors():
        row.save()
    if is_active is False:
        row.contacts.filter(is_active=True).update(is_active=False)
    return row


@transaction.atomic
@permission_required_for("partner.manage")
def partner_contact_update(
    *,
    actor: User,
    contact: PartnerContact,
    name: str | None = None,
    title: str | None = None,
    email: str | None = None,
    phone: str | None = None,
    is_case_manager: bool | None = None,
    is_active: bool | None = None,
) -> PartnerContact:
    """Change a contact person; an active contact needs an active organisation."""
    row = (
        PartnerContact.objects.select_for_update().select_related("organisation").get(pk=contact.pk)
    )
    for field_name, value in (
        ("name", name),
        ("title", title),
        ("email", email),
        ("phone", phone),
    ):
        if value is not None:
            setattr(row, field_name, value.strip())
    if is_case_manager is not None:
        row.is_case_manager = is_case_manager
    if is_active is not None:
        row.is_active = is_active
    if row.is_active and not row.organisation.is_active:
        raise refuse(
            "is_active",
            gettext("The organisation is no longer active; activate it before its contacts."),
        )
    row.full_clean()
    row.save()
    return row


@transaction.atomic
@permission_required_for("partner.manage")
def partner_contact_create(
    *,
    actor: User,
    organisation: PartnerOrganisation,
    name: str,
    title: str = "",
    email: str = "",
    phone: str = "",
    is_case_manager: bool = False,
) -> PartnerContact:
    """Create a contact person; case managers are the ones who may send referrals."""
    contact = PartnerContact(
        organisation=organisation,
        name=name,
        title=title,
        email=email,
        phone=phone,
        is_case_manager=is_case_manager,
    )
    contact.full_clean()
    contact.save()
    return contact


@permission_required_for("group_size.check")
def coach_group_size_check(
    *, coach: User, actor: User, override_reason: str = "", exclude_period_id: int | None = None
) -> GroupSizeCheck:
    """Check one more trainee for the coach: warn above the soft limit, refuse above the hard one.

    Above the hard limit only a tenant admin giving ``override_reason`` may proceed; the caller
    records that override. Raise ValidationError on ``coach`` otherwise.
    """
    limits = coaching_settings_get()
    current = CoachingPeriod.objects.filter(coach=coach, phase__in=GROUP_PHASES)
    if exclude_period_id is not None:
        current = current.exclude(pk=exclude_period_id)
    group_size = current.count() + 1
    check = GroupSizeCheck(group_size=group_size)
    if group_size > limits.group_size_hard_limit:
        if actor.role != User.Role.TENANT_ADMIN or not override_reason.strip():
            raise refuse(
                "coach",
                gettext(
                    "The coach would have %(size)d trainees, above the hard limit of %(limit)d; "
                    "only a tenant admin giving a reason may override it."
                )
                % {"size": group_size, "limit": limits.group_size_hard_limit},
            )
        check.override_needed = True
    if group_size > limits.group_size_soft_limit:
        check.warnings.append(
            gettext("The coach will have %(size)d trainees, above the soft limit of %(limit)d.")
            % {"size": group_size, "limit": limits.group_size_soft_limit}
        )
    return check
