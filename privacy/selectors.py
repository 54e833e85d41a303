"""Privacy reads: the audit log, support-access grants and what is past retention."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.db.models import Model, Prefetch, QuerySet
from django.utils import timezone

from .models import AuditEvent, RetentionRecord, RetentionRule, SupportAccessGrant

# Defaults seeded into every municipality and used when a rule row is missing. Years count
# from the closing of the case (a period's closing), or for a referral that never started
# from its planned start. Reasons: docs/privacy.md.
DEFAULT_RETENTION_RULES = [
    {
        "record_type": RetentionRule.RecordType.COACHING_PERIOD,
        "legal_basis": RetentionRule.LegalBasis.SOCIAL_WELFARE,
        "years": 10,
        "disposal": RetentionRule.Disposal.ANONYMISE,
        "source": "703/2023; työikäisten palvelutehtävä: 10 years from closing the case",
    },
    {
        "record_type": RetentionRule.RecordType.COACHING_PERIOD,
        "legal_basis": RetentionRule.LegalBasis.EMPLOYMENT_SERVICES,
        "years": 6,
        "disposal": RetentionRule.Disposal.ANONYMISE,
        "source": "380/2023; to be confirmed by the employment area's records management plan",
    },
    {
        "record_type": RetentionRule.RecordType.COACHING_PERIOD,
        "legal_basis": RetentionRule.LegalBasis.OTHER,
        "years": 6,
        "disposal": RetentionRule.Disposal.ANONYMISE,
        "source": "Municipality's records management plan",
    },
    {
        "record_type": RetentionRule.RecordType.REFERRAL_NOT_STARTED,
        "legal_basis": RetentionRule.LegalBasis.ANY,
        "years": 1,
        "disposal": RetentionRule.Disposal.ERASE,
        "source": "GDPR art. 5(1)(e): no service was given, nothing to document",
    },
]


def _coaching_model(name: str) -> type[Model]:
    """Retention classifies coaching's rows; privacy sits below coaching, so it finds them
    through the app registry by label instead of importing ``coaching``."""
    return apps.get_model("coaching", name)


def audit_events_for_trainee(*, trainee_id: int) -> QuerySet[AuditEvent]:
    """Who has seen or changed this trainee's data, newest first."""
    return AuditEvent.objects.filter(trainee_id=trainee_id).order_by("-at", "-pk")


def audit_events_for_user(*, user_id: int) -> QuerySet[AuditEvent]:
    """Everything one user has read, changed or exported, newest first."""
    return AuditEvent.objects.filter(actor_id=user_id).order_by("-at", "-pk")


def audit_event_list(
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    trainee_id: int | None = None,
    actor_id: int | None = None,
) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.all()
    if since is not None:
        events = events.filter(at__gte=since)
    if until is not None:
        events = events.filter(at__lt=until)
    if trainee_id is not None:
        events = events.filter(trainee_id=trainee_id)
    if actor_id is not None:
        events = events.filter(actor_id=actor_id)
    return events.order_by("at", "pk")


def support_grant_list(*, active_at: datetime | None = None) -> QuerySet[SupportAccessGrant]:
    grants = SupportAccessGrant.objects.select_related("operator", "granted_by")
    if active_at is not None:
        grants = grants.filter(
            revoked_at__isnull=True, starts_at__lte=active_at, ends_at__gt=active_at
        )
    return grants


def retention_rule_for(record_type: str, legal_basis: str) -> RetentionRule:
    """The municipality's rule, falling back to ``any`` and then to the built-in default."""
    rules = {
        (rule.record_type, rule.legal_basis): rule
        for rule in RetentionRule.objects.filter(record_type=record_type)
    }
    for key in ((record_type, legal_basis), (record_type, RetentionRule.LegalBasis.ANY)):
        if key in rules:
            return rules[key]
    for spec in DEFAULT_RETENTION_RULES:
        if spec["record_type"] == record_type and spec["legal_basis"] in (
            legal_basis,
            RetentionRule.LegalBasis.ANY,
        ):
            return RetentionRule(**spec)
    return RetentionRule(**DEFAULT_RETENTION_RULES[2])


def period_legal_basis(period) -> str:
    """Classify a period for retention by the law its client relationship rests on."""
    Referral = _coaching_model("Referral")
    referral = period.referral
    if any(row.status.is_social_welfare for row in period.statuses.all()) or (
        referral is not None
        and (
            referral.requested_status.is_social_welfare
            or referral.legal_basis == Referral.LegalBasis.ACTIVATION_PLAN
        )
    ):
        return RetentionRule.LegalBasis.SOCIAL_WELFARE
    if referral is not None or period.statuses.all():
        return RetentionRule.LegalBasis.EMPLOYMENT_SERVICES
    return RetentionRule.LegalBasis.OTHER


def period_closed_on(period) -> date | None:
    """When the case closed: entering ``closed``, or the end of follow-up after ending."""
    Phase = _coaching_model("CoachingPeriod").Phase
    if period.phase == Phase.CLOSED:
        closings = [t.at for t in period.transitions.all() if t.to_phase == Phase.CLOSED]
        return timezone.localdate(max(closings)) if closings else period.ended_on
    if period.phase in (Phase.ENDED, Phase.FOLLOW_UP):
        return period.follow_up_due_on or period.ended_on
    return None


@dataclass
class RetentionDecision:
    trainee_id: int
    disposal: str
    due_on: date
    legal_basis: str
    rule: RetentionRule


def retention_due_list(*, today: date) -> list[RetentionDecision]:
    """Trainees whose every record is past retention on ``today``; done ones are skipped.

    A trainee with periods is due when every period has closed and the latest closing plus
    its rule's years has passed (referrals that never started count from their planned
    start). A trainee without any period is due one rule term after the latest referral.
    """
    CoachingPeriod, PeriodStatus, Referral, Trainee = (
        _coaching_model(name) for name in ("CoachingPeriod", "PeriodStatus", "Referral", "Trainee")
    )
    done = RetentionRecord.objects.values("trainee_id")
    trainees = (
        Trainee.objects.exclude(pk__in=done)
        .prefetch_related(
            Prefetch(
                "periods",
                queryset=CoachingPeriod.objects.select_related(
                    "referral__requested_status"
                ).prefetch_related(
                    "transitions",
                    Prefetch("statuses", queryset=PeriodStatus.objects.select_related("status")),
                ),
            ),
            Prefetch("referrals", queryset=Referral.objects.prefetch_related("periods")),
        )
        .order_by("pk")
    )
    not_started = retention_rule_for(
        RetentionRule.RecordType.REFERRAL_NOT_STARTED, RetentionRule.LegalBasis.ANY
    )
    decisions: list[RetentionDecision] = []
    for trainee in trainees:
        periods = list(trainee.periods.all())
        unstarted = [r for r in trainee.referrals.all() if not r.periods.all()]
        deadlines: list[tuple[date, str, RetentionRule]] = [
            (
                referral.planned_start_on + relativedelta(years=not_started.years),
                RetentionRule.LegalBasis.ANY,
                not_started,
            )
            for referral in unstarted
        ]
        if periods:
            closed = [(period, period_closed_on(period)) for period in periods]
            if any(closed_on is None for _, closed_on in closed):
                continue
            for period, closed_on in closed:
                basis = period_legal_basis(period)
                rule = retention_rule_for(RetentionRule.RecordType.COACHING_PERIOD, basis)
                deadlines.append((closed_on + relativedelta(years=rule.years), basis, rule))
            periods_only = [d for d in deadlines if d[2].record_type != not_started.record_type]
            due_on, basis, rule = max(deadlines, key=lambda d: d[0])
            # The trainee's data is anonymised as one: periods decide the disposal.
            _, basis, rule = max(periods_only, key=lambda d: d[0])
        elif deadlines:
            due_on, basis, rule = max(deadlines, key=lambda d: d[0])
        else:
            created = timezone.localdate(trainee.created_at)
            due_on = created + relativedelta(years=not_started.years)
            basis, rule = RetentionRule.LegalBasis.ANY, not_started
        if due_on <= today:
            decisions.append(
                RetentionDecision(
                    trainee_id=trainee.pk,
                    disposal=rule.disposal,
                    due_on=due_on,
                    legal_basis=basis,
                    rule=rule,
                )
            )
    return decisions
