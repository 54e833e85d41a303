"""The municipality's service forms and target groups: the choices of referrals and reports.

Codes are the stable identity (benchmarking maps the national ones); names are the
municipality's to change. A form or group is retired rather than deleted: referrals keep
pointing at it, new referrals cannot choose it.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext

from accounts.models import User
from accounts.permissions import permission_required_for
from coaching.models import ServiceForm, TargetGroup
from valmo.integrity import constraint_errors

from .common import refuse

Choice = ServiceForm | TargetGroup


def _name_check(model: type[Choice], name: str, *, exclude_pk: int | None = None) -> str:
    name = name.strip()
    if not name:
        raise refuse("name", gettext("Enter the name."))
    clash = model.objects.filter(name__iexact=name)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise refuse("name", gettext("This name is already in use."))
    return name


def _code_for(model: type[Choice], name: str) -> str:
    """A code from the name, made unique; national codes come from the defaults."""
    base = slugify(name).replace("-", "_")[:50] or "own"
    code, counter = base, 2
    while model.objects.filter(code=code).exists():
        code, counter = f"{base}_{counter}", counter + 1
    return code


@transaction.atomic
@permission_required_for("configuration.change")
def service_form_create(*, actor: User, name: str, description: str = "") -> ServiceForm:
    """Add a service form of the municipality's own."""
    name = _name_check(ServiceForm, name)
    form = ServiceForm(
        code=_code_for(ServiceForm, name), name=name, description=description.strip()
    )
    form.full_clean()
    with constraint_errors():
        form.save()
    return form


@transaction.atomic
@permission_required_for("configuration.change")
def service_form_update(
    *, actor: User, service_form: ServiceForm, name: str, description: str, is_active: bool
) -> ServiceForm:
    """Rename a service form, change its description, or retire it (or take it back)."""
    service_form = ServiceForm.objects.select_for_update().get(pk=service_form.pk)
    service_form.name = _name_check(ServiceForm, name, exclude_pk=service_form.pk)
    service_form.description = description.strip()
    service_form.is_active = is_active
    service_form.full_clean()
    service_form.save()
    return service_form


@transaction.atomic
@permission_required_for("configuration.change")
def target_group_create(*, actor: User, name: str) -> TargetGroup:
    """Add a target group of the municipality's own."""
    name = _name_check(TargetGroup, name)
    group = TargetGroup(code=_code_for(TargetGroup, name), name=name)
    group.full_clean()
    with constraint_errors():
        group.save()
    return group


@transaction.atomic
@permission_required_for("configuration.change")
def target_group_update(
    *, actor: User, target_group: TargetGroup, name: str, is_active: bool
) -> TargetGroup:
    """Rename a target group, or retire it (or take it back)."""
    target_group = TargetGroup.objects.select_for_update().get(pk=target_group.pk)
    target_group.name = _name_check(TargetGroup, name, exclude_pk=target_group.pk)
    target_group.is_active = is_active
    target_group.full_clean()
    target_group.save()
    return target_group
