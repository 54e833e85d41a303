"""Sites, work units and partner organisations with their contact persons (the setup screens)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from accounts.models import User
from accounts.permissions import permission_required_for
from coaching.models import PartnerOrganisation, Site, WorkUnit
from valmo.integrity import constraint_errors

from .common import refuse, role_require
from .partners import partner_contact_create, partner_organisation_create


@transaction.atomic
@permission_required_for("configuration.change")
def site_create(*, actor: User, name: str, address: str = "") -> Site:
    """Add a site (toimipiste) of the coaching environment; names are unique."""
    site = Site(name=name.strip(), address=address.strip())
    if Site.objects.filter(name__iexact=site.name).exists():
        raise refuse("name", gettext("A site with this name already exists."))
    site.full_clean()
    with constraint_errors():
        site.save()
    return site


@transaction.atomic
@permission_required_for("configuration.change")
def work_unit_create(
    *,
    actor: User,
    name: str,
    site: Site | None,
    contact_name: str,
    contact_email: str = "",
    contact_phone: str = "",
    department: str = "",
    supervisor: User | None = None,
) -> WorkUnit:
    """Add a municipal work unit with its contact person (who orders work and hosts trials).

    The contact person is required here: the unit's orders and placements need someone to
    reach. A supervisor, when named, must have the unit supervisor's role.
    """
    if site is not None and not site.is_active:
        raise refuse("site", gettext("Choose an active site."))
    if not contact_name.strip():
        raise refuse("contact_name", gettext("Enter the unit's contact person."))
    role_require(supervisor, User.Role.UNIT_SUPERVISOR, "supervisor")
    unit = WorkUnit(
        name=name.strip(),
        site=site,
        department=department.strip(),
        contact_name=contact_name.strip(),
        contact_email=contact_email.strip().lower(),
        contact_phone=contact_phone.strip(),
        supervisor=supervisor,
    )
    if WorkUnit.objects.filter(name__iexact=unit.name).exists():
        raise refuse("name", gettext("A work unit with this name already exists."))
    unit.full_clean()
    with constraint_errors():
        unit.save()
    return unit


@transaction.atomic
@permission_required_for("partner.manage")
def partner_organisation_add(
    *,
    actor: User,
    name: str,
    kind: str,
    contact_name: str = "",
    contact_title: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    contact_is_case_manager: bool = False,
) -> PartnerOrganisation:
    """Add an organisation and, when named, its first contact person: both or neither."""
    name = name.strip()
    if PartnerOrganisation.objects.filter(name__iexact=name).exists():
        raise refuse("name", gettext("A partner organisation with this name already exists."))
    organisation = partner_organisation_create(actor=actor, name=name, kind=kind)
    if contact_name.strip() or contact_email.strip() or contact_phone.strip():
        if not contact_name.strip():
            raise refuse("contact_name", gettext("Enter the contact person's name."))
        try:
            partner_contact_create(
                actor=actor,
                organisation=organisation,
                name=contact_name.strip(),
                title=contact_title.strip(),
                email=contact_email.strip().lower(),
                phone=contact_phone.strip(),
                is_case_manager=contact_is_case_manager,
            )
        except ValidationError as error:
            # The contact's fields carry a prefix in the combined form.
            raise ValidationError(
                {f"contact_{field}": messages for field, messages in error.message_dict.items()}
            ) from error
    return organisation


@transaction.atomic
@permission_required_for("configuration.change")
def site_update(
    *,
    actor: User,
    site: Site,
    name: str | None = None,
    address: str | None = None,
    is_active: bool | None = None,
) -> Site:
    """Rename a site, change its address or retire it (never deleted: units point at it)."""
    row = Site.objects.select_for_update().get(pk=site.pk)
    if name is not None:
        row.name = name.strip()
        if Site.objects.filter(name__iexact=row.name).exclude(pk=row.pk).exists():
            raise refuse("name", gettext("A site with this name already exists."))
    if address is not None:
        row.address = address.strip()
    if is_active is not None:
        row.is_active = is_active
    row.full_clean()
    with constraint_errors():
        row.save()
    return row


@transaction.atomic
@permission_required_for("configuration.change")
def work_unit_update(
    *,
    actor: User,
    unit: WorkUnit,
    name: str,
    site: Site | None,
    contact_name: str,
    contact_email: str = "",
    contact_phone: str = "",
    department: str = "",
    supervisor: User | None = None,
    is_active: bool = True,
) -> WorkUnit:
    """Change a work unit's details or retire it (never deleted: placements point at it)."""
    row = WorkUnit.objects.select_for_update().get(pk=unit.pk)
    if site is not None and not site.is_active and site.pk != row.site_id:
        raise refuse("site", gettext("Choose an active site."))
    if not contact_name.strip():
        raise refuse("contact_name", gettext("Enter the unit's contact person."))
    role_require(supervisor, User.Role.UNIT_SUPERVISOR, "supervisor")
    row.name = name.strip()
    if WorkUnit.objects.filter(name__iexact=row.name).exclude(pk=row.pk).exists():
        raise refuse("name", gettext("A work unit with this name already exists."))
    row.site = site
    row.department = department.strip()
    row.contact_name = contact_name.strip()
    row.contact_email = contact_email.strip().lower()
    row.contact_phone = contact_phone.strip()
    row.supervisor = supervisor
    row.is_active = is_active
    row.full_clean()
    with constraint_errors():
        row.save()
    return row
