"""Support access: a tenant admin grants a platform operator time-limited access."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django_tenants.utils import get_public_schema_name, schema_context

from accounts.models import User
from accounts.permissions import permission_required_for
from privacy import audit
from privacy.models import AuditEvent, SupportAccessGrant
from privacy.support import support_grants_changed
from valmo.errors import refuse

MAX_SUPPORT_ACCESS = timedelta(days=7)


# --- Support access -------------------------------------------------------------------------


def support_access_check(
    *, operator_email: str, starts_at: datetime, ends_at: datetime, reason: str
) -> None:
    """Refuse a grant that is not for an operator, has no reason, or is not short and current."""
    with schema_context(get_public_schema_name()):
        is_operator = User.objects.filter(
            email__iexact=operator_email.strip(),
            role=User.Role.PLATFORM_OPERATOR,
            is_active=True,
        ).exists()
    if not is_operator:
        raise refuse(
            "operator_email", gettext("Support access can be granted to platform operators.")
        )
    if not reason.strip():
        raise refuse("reason", gettext("Give the reason for support access."))
    if ends_at <= starts_at:
        raise refuse("ends_at", gettext("Support access must end after it starts."))
    if ends_at <= timezone.now():
        raise refuse("ends_at", gettext("Support access must end in the future."))
    if ends_at - starts_at > MAX_SUPPORT_ACCESS:
        raise refuse(
            "ends_at",
            gettext("Support access may last at most %(days)d days.")
            % {"days": MAX_SUPPORT_ACCESS.days},
        )


@transaction.atomic
@permission_required_for("support_access.grant")
def support_access_grant(
    *,
    actor: User,
    operator_email: str,
    starts_at: datetime,
    ends_at: datetime,
    reason: str,
) -> SupportAccessGrant:
    """Let a platform operator read trainee data for a limited time; audited as support access.

    Operators sign in on the public host; the grant lets that account use this
    municipality's API under ``/support/<municipality>/`` until it ends or is revoked.
    """
    operator_email = operator_email.strip().lower()
    support_access_check(
        operator_email=operator_email, starts_at=starts_at, ends_at=ends_at, reason=reason
    )
    grant = SupportAccessGrant(
        operator_email=operator_email,
        granted_by=actor,
        starts_at=starts_at,
        ends_at=ends_at,
        reason=reason.strip(),
    )
    grant.full_clean()
    grant.save()
    audit.record(
        action=AuditEvent.Action.SUPPORT_ACCESS,
        object_type="privacy.supportaccessgrant",
        object_id=grant.pk,
        section="support",
        purpose=grant.reason,
        detail={
            "event": "granted",
            "operator": operator_email,
            "starts_at": starts_at.isoformat(),
            "ends_at": ends_at.isoformat(),
        },
    )
    transaction.on_commit(support_grants_changed)
    support_grants_changed()
    return grant


@transaction.atomic
@permission_required_for("support_access.grant")
def support_access_revoke(*, actor: User, grant: SupportAccessGrant) -> SupportAccessGrant:
    """End a support-access grant now."""
    grant = SupportAccessGrant.objects.select_for_update().get(pk=grant.pk)
    if grant.revoked_at is not None:
        raise refuse("grant", gettext("The support access has already been revoked."))
    grant.revoked_at = timezone.now()
    grant.revoked_by = actor
    grant.save(update_fields=["revoked_at", "revoked_by"])
    audit.record(
        action=AuditEvent.Action.SUPPORT_ACCESS,
        object_type="privacy.supportaccessgrant",
        object_id=grant.pk,
        section="support",
        purpose=grant.reason,
        detail={"event": "revoked", "operator": grant.operator_email},
    )
    support_grants_changed()
    return grant
