"""Onboarding reads: requests on the public host, and a municipality's setup checklist.

The checklist is computed from the municipality's real configuration (sites, work units,
tasks, statuses, settings, staff, policies, instruments, benchmarking), never from ticks;
only steps that are decisions read a recorded ``SetupDecision``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.selectors import security_policy_get, sso_provider_get
from benchmarking.models import Participation
from coaching.models import (
    CoachingSettings,
    ParticipationStatus,
    PartnerOrganisation,
    ServiceForm,
    Site,
    TargetGroup,
    WorkTask,
    WorkUnit,
)
from competence.capacity.models import InstrumentVersion
from tenants.models import Municipality

from .models import OnboardingRequest, SetupDecision


def onboarding_request_open_exists(*, domain: str) -> bool:
    return OnboardingRequest.objects.filter(
        domain=domain, status__in=OnboardingRequest.OPEN_STATUSES
    ).exists()


def onboarding_request_list() -> QuerySet[OnboardingRequest]:
    """Every request, newest first, with what the operator's list shows in one query."""
    return OnboardingRequest.objects.select_related("region", "municipality", "created_by")


def onboarding_request_waiting_list() -> QuerySet[OnboardingRequest]:
    return onboarding_request_list().filter(status=OnboardingRequest.Status.REQUESTED)


def onboarding_request_get(*, pk: int) -> OnboardingRequest:
    return onboarding_request_list().get(pk=pk)


@dataclass(frozen=True)
class SetupStep:
    key: str
    title: str | Promise
    description: str | Promise
    required: bool
    done: bool
    detail: str | Promise = ""
    url_name: str = ""  # the screen where the step is configured; empty: no screen yet
    decision: str = ""  # a SetupDecision step that completes this one
    decided: bool = False


@dataclass(frozen=True)
class SetupChecklist:
    municipality: Municipality
    steps: list[SetupStep]

    @property
    def required_open(self) -> list[SetupStep]:
        return [step for step in self.steps if step.required and not step.done]

    @property
    def ready(self) -> bool:
        return not self.required_open

    @property
    def done_count(self) -> int:
        return sum(1 for step in self.steps if step.done)


def setup_decisions(municipality: Municipality) -> set[str]:
    return set(
        SetupDecision.objects.filter(municipality=municipality).values_list("step", flat=True)
    )


def setup_checklist_get() -> SetupChecklist:
    """The current municipality's setup steps, each done or not from its real data."""
    municipality: Municipality = connection.tenant  # type: ignore[attr-defined]  # django-tenants
    decisions = setup_decisions(municipality)
    settings_row = CoachingSettings.objects.filter(singleton=1).first()
    sites = Site.objects.filter(is_active=True).count()
    units_with_contact = WorkUnit.objects.filter(is_active=True).exclude(contact_name="").count()
    tasks = WorkTask.objects.filter(retired_at__isnull=True).count()
    statuses_framed = (
        ParticipationStatus.objects.filter(is_active=True, legal_frames__isnull=False)
        .distinct()
        .count()
    )
    service_forms = ServiceForm.objects.filter(is_active=True).count()
    target_groups = TargetGroup.objects.filter(is_active=True).count()
    partners = PartnerOrganisation.objects.filter(is_active=True).count()
    invited_staff = (
        User.objects.filter(
            role__in=[
                User.Role.WORK_COACH,
                User.Role.CAREER_AGENT,
                User.Role.UNIT_SUPERVISOR,
            ]
        )
        .filter(is_active=True)
        .count()
    )
    policy = security_policy_get()
    sso = sso_provider_get()
    instruments = (
        InstrumentVersion.objects.filter(
            status=InstrumentVersion.Status.PUBLISHED, instrument__is_active=True
        )
        .values("instrument_id")
        .distinct()
        .count()
    )
    participation = Participation.objects.filter(municipality=municipality).first()
    brand_set = bool(settings_row and (settings_row.brand_colour or settings_row.logo))
    language = municipality.get_default_language_display()

    steps = [
        SetupStep(
            "details",
            _("Municipality details and branding"),
            _("The colour and logo in the header; the default language is %(language)s.")
            % {"language": language},
            required=True,
            done=brand_set,
            url_name="brand_settings",
        ),
        SetupStep(
            "sites",
            _("Sites and work units"),
            _("At least one site and one work unit with its contact person."),
            required=True,
            done=sites > 0 and units_with_contact > 0,
            detail=_("%(sites)s sites, %(units)s work units with a contact person")
            % {"sites": sites, "units": units_with_contact},
            url_name="setup_sites",
        ),
        SetupStep(
            "tasks",
            _("Task catalogue"),
            _("Starts from the national defaults per sector; at least one task in use."),
            required=True,
            done=tasks > 0,
            detail=_("%(count)s tasks in use") % {"count": tasks},
            url_name="catalogue_manage",
        ),
        SetupStep(
            "statuses",
            _("Participation statuses and their legal frames"),
            _("The statuses with their dated statutory limits (from the national defaults)."),
            required=True,
            done=statuses_framed > 0,
            detail=_("%(count)s statuses with a legal frame") % {"count": statuses_framed},
            url_name="setup_statuses",
        ),
        SetupStep(
            "service_forms",
            _("Service forms and target groups"),
            _("From the national defaults."),
            required=True,
            done=service_forms > 0 and target_groups > 0,
            detail=_("%(forms)s service forms, %(groups)s target groups")
            % {"forms": service_forms, "groups": target_groups},
            url_name="setup_service_forms",
        ),
        SetupStep(
            "coaching_settings",
            _("Coaching settings"),
            _("Group limits per coach and follow-up months, saved once by the admin."),
            required=True,
            done=settings_row is not None,
            detail=(
                _("Group limits %(soft)s/%(hard)s, follow-up %(months)s months")
                % {
                    "soft": settings_row.group_size_soft_limit,
                    "hard": settings_row.group_size_hard_limit,
                    "months": settings_row.follow_up_months,
                }
                if settings_row
                else ""
            ),
            url_name="setup_coaching_settings",
        ),
        SetupStep(
            "partners",
            _("Partner organisations and contacts"),
            _("Employment area, services and companies that send referrals or order work."),
            required=False,
            done=partners > 0,
            detail=_("%(count)s partner organisations") % {"count": partners},
            url_name="setup_partners",
        ),
        SetupStep(
            "staff",
            _("Staff invitations"),
            _("Invite the work coaches, career agents and unit supervisors with their roles."),
            required=True,
            done=invited_staff > 0,
            detail=_("%(count)s staff accounts besides the admins") % {"count": invited_staff},
            url_name="staff_invitations",
        ),
        SetupStep(
            "sso",
            _("Single sign-on"),
            _("Sign-in with the municipality's own accounts, or decide that it is not used."),
            required=False,
            done=sso is not None or SetupDecision.Step.SSO in decisions,
            url_name="sso_settings",
            decision=SetupDecision.Step.SSO,
            decided=SetupDecision.Step.SSO in decisions,
        ),
        SetupStep(
            "mfa",
            _("Two-factor authentication policy"),
            _("Require two-factor authentication of staff (recommended), or decide not to."),
            required=True,
            done=policy.mfa_required_for_staff or SetupDecision.Step.MFA in decisions,
            url_name="security_policy",
            decision=SetupDecision.Step.MFA,
            decided=SetupDecision.Step.MFA in decisions,
        ),
        SetupStep(
            "capacity",
            _("Capacity instruments"),
            _("The platform's work and functional capacity instruments, published here."),
            required=False,
            done=instruments > 0,
            detail=_("%(count)s instruments published") % {"count": instruments},
            url_name="setup_instruments",
        ),
        SetupStep(
            "benchmarking",
            _("Benchmarking participation"),
            _("Whether the municipality takes part in anonymised comparisons."),
            required=False,
            done=participation is not None,
            detail=(
                (_("Takes part") if participation.participates else _("Does not take part"))
                if participation
                else ""
            ),
        ),
    ]
    return SetupChecklist(municipality=municipality, steps=steps)


def setup_landing_url_name(user: User) -> str:
    """Where a tenant admin lands after signing in: the checklist until the setup is ready."""
    tenant = getattr(connection, "tenant", None)
    if user.role != User.Role.TENANT_ADMIN or not isinstance(tenant, Municipality):
        return ""
    return "" if setup_checklist_get().ready else "setup_checklist"
