"""Reads for the referral intake screens: the queue and one referral with its parts."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from coaching.models import CoachingPeriod, Referral


def referral_intake_list(*, visible: QuerySet[Referral]) -> QuerySet[Referral]:
    """Referrals not yet decided (neither declined nor a period opened), oldest start first.

    ``visible`` is the viewer's scope (the permission layer's queryset); related rows are
    joined so the list costs the same number of queries for 5 rows and 50.
    """
    opened = CoachingPeriod.objects.filter(referral=OuterRef("pk"))
    return (
        visible.filter(~Exists(opened), declined_at__isnull=True)
        .select_related("trainee", "case_manager__organisation", "requested_status", "service_form")
        .order_by("planned_start_on", "pk")
    )


def referral_get(*, visible: QuerySet[Referral], pk: int) -> Referral | None:
    """One referral in the viewer's scope, with its restriction row and attachments."""
    return (
        visible.select_related(
            "trainee",
            "case_manager__organisation",
            "requested_status",
            "service_form",
            "target_group",
            "restriction",
            "declined_by",
        )
        .prefetch_related("attachments", "periods")
        .filter(pk=pk)
        .first()
    )


def period_get(*, visible: QuerySet[CoachingPeriod], pk: int) -> CoachingPeriod | None:
    """One period in the viewer's scope with what its action page shows."""
    return (
        visible.select_related(
            "trainee",
            "referral",
            "coach",
            "career_agent",
            "placement_unit",
            "placement_supervisor",
        )
        .prefetch_related("transitions")
        .filter(pk=pk)
        .first()
    )
