"""Coaching reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from accounts.models import COACHING_STAFF_ROLES, User
from privacy.documents import DocumentBrand

from .models import (
    Activity,
    ActivityAttendance,
    ActivityParticipant,
    ActivityType,
    Attendance,
    CoachingPeriod,
    CoachingSettings,
    DailyEntry,
    DiaryEntry,
    EquipmentIssue,
    EquipmentType,
    Goal,
    GoalStatus,
    Locker,
    LockerAssignment,
    ParticipationStatus,
    PartnerContact,
    PartnerOrganisation,
    PeriodStatus,
    Phase,
    Referral,
    ServiceForm,
    Site,
    TargetGroup,
    TaskAssignment,
    TaskSector,
    Trainee,
    WorkOrder,
    WorkOrderTool,
    WorkTask,
    WorkUnit,
)
from .models.periods import ACTIVE_PHASES, GROUP_PHASES, OPEN_PHASES
from .models.work_orders import OPEN_WORK_ORDER_STATUSES

STAFF_ROLES = COACHING_STAFF_ROLES


def coaching_settings_get() -> CoachingSettings:
    """Return the tenant's settings, or the unsaved defaults when none have been stored."""
    return CoachingSettings.objects.filter(singleton=1).first() or CoachingSettings()


def site_list() -> QuerySet[Site]:
    return Site.objects.filter(is_active=True).prefetch_related("work_units")


def work_unit_list() -> QuerySet[WorkUnit]:
    return WorkUnit.objects.filter(is_active=True).select_related("site", "supervisor")


def task_catalogue() -> QuerySet[TaskSector]:
    """Sectors with their active tasks and level descriptions, in three queries."""
    active = WorkTask.objects.filter(retired_at__isnull=True).prefetch_related("levels__level")
    return TaskSector.objects.prefetch_related(Prefetch("tasks", queryset=active))


def trainee_list() -> QuerySet[Trainee]:
    return Trainee.objects.all()


def trainee_restricted_list() -> QuerySet[Trainee]:
    """Trainees with their referrals' health and safety restrictions (restricted section)."""
    return trainee_list().prefetch_related("referrals__restriction")


def trainee_social_welfare_list() -> QuerySet[Trainee]:
    """Trainees with their participation statuses and referral basis (restricted section)."""
    return trainee_list().prefetch_related(
        Prefetch("referrals", queryset=Referral.objects.select_related("requested_status")),
        Prefetch("periods__statuses", queryset=PeriodStatus.objects.select_related("status")),
    )


def dashboard_counts(*, visible_trainees: QuerySet[Trainee]) -> dict[str, int]:
    """Counts for the front page; trainees only as many as the viewer may see (need-to-know)."""
    return {
        "sites": Site.objects.filter(is_active=True).count(),
        "work_units": WorkUnit.objects.filter(is_active=True).count(),
        "trainees": visible_trainees.count(),
    }


# --- Periods and the coach's dashboard -------------------------------------------------


def _period_base() -> QuerySet[CoachingPeriod]:
    return CoachingPeriod.objects.select_related(
        "trainee", "coach", "career_agent", "placement_unit", "placement_supervisor"
    )


def period_get(*, pk: int) -> CoachingPeriod:
    """Return one period with its history, statuses and task assignments loaded."""
    return (
        _period_base()
        .prefetch_related(
            "transitions__actor", "statuses__status", "task_assignments__level_changes"
        )
        .get(pk=pk)
    )


def period_list(*, coach: User | None = None) -> QuerySet[CoachingPeriod]:
    periods = _period_base()
    return periods.filter(coach=coach) if coach is not None else periods


def placement_list() -> QuerySet[CoachingPeriod]:
    """Periods with what placement feedback needs: the assigned tasks and their levels."""
    return period_list().prefetch_related(
        Prefetch(
            "task_assignments",
            queryset=TaskAssignment.objects.select_related("task", "level"),
        )
    )


def coach_group_size_list() -> QuerySet[User]:
    """Return work coaches with ``group_size`` and the tenant's group-size limits.

    Each coach is annotated with ``group_size_soft_limit`` and ``group_size_hard_limit``.
    """
    limits = coaching_settings_get()
    # A correlated count through the (coach, phase) index: joining every coach to all their
    # periods ever (closed ones included) grew with the municipality's history. It counts
    # ``coach`` (in the index) rather than the primary key (not in it), so the count reads the
    # index only: 8,321 → 205 buffers for 20 coaches of 3,333 open periods.
    group = (
        CoachingPeriod.objects.filter(coach=OuterRef("pk"), phase__in=GROUP_PHASES)
        .order_by()
        .values("coach")
        .annotate(n=Count("coach"))
        .values("n")
    )
    return (
        User.objects.filter(role=User.Role.WORK_COACH, is_active=True, api_key__isnull=True)
        .annotate(
            group_size=Coalesce(Subquery(group), 0),
            group_size_soft_limit=Value(limits.group_size_soft_limit),
            group_size_hard_limit=Value(limits.group_size_hard_limit),
        )
        .order_by("last_name", "first_name", "email")
    )


def period_ending_soon_list(*, today: date, days: int = 14) -> QuerySet[CoachingPeriod]:
    """Return active periods whose planned end falls within ``days`` from today."""
    return (
        _period_base()
        .filter(
            phase__in=ACTIVE_PHASES,
            planned_end_on__gte=today,
            planned_end_on__lte=today + timedelta(days=days),
        )
        .order_by("planned_end_on", "pk")
    )


def follow_up_due_list(*, today: date, days: int = 14) -> QuerySet[CoachingPeriod]:
    """Return ended periods in follow-up whose due date has passed or comes within ``days``."""
    return (
        _period_base()
        .filter(
            phase__in=[Phase.ENDED, Phase.FOLLOW_UP],
            follow_up_due_on__lte=today + timedelta(days=days),
        )
        .order_by("follow_up_due_on", "pk")
    )


def missing_daily_log_list(*, day: date) -> QuerySet[CoachingPeriod]:
    """Return periods active on a working day (by phase and start) without a daily entry."""
    logged = DailyEntry.objects.filter(period=OuterRef("pk"), date=day)
    return (
        _period_base()
        .filter(phase__in=ACTIVE_PHASES, start_on__lte=day)
        .exclude(Exists(logged))
        .order_by("coach_id", "trainee__last_name", "pk")
    )


def repeated_absence_list(
    *, today: date, days: int = 14, threshold: int = 2
) -> QuerySet[CoachingPeriod]:
    """Return periods with ``threshold`` or more unexplained absences in the last ``days`` days.

    Each carries ``unexplained_absences``.
    """
    # A correlated count over the window's entries only: a join of every period to all its
    # daily entries (about a million in a large municipality) took seconds. The window's
    # entries are found through the (date, attendance) index.
    in_window = DailyEntry.objects.filter(
        attendance=Attendance.ABSENT_UNEXPLAINED,
        date__gt=today - timedelta(days=days),
        date__lte=today,
    )
    count = (
        in_window.filter(period=OuterRef("pk"))
        .order_by()
        .values("period")
        .annotate(n=Count("pk"))
        .values("n")
    )
    periods = _period_base()
    if threshold > 0:
        periods = periods.filter(pk__in=in_window.values("period_id"))
    return (
        periods.annotate(unexplained_absences=Coalesce(Subquery(count), 0))
        .filter(unexplained_absences__gte=threshold)
        .order_by("-unexplained_absences", "pk")
    )


# --- Learning diary ----------------------------------------------------------------------


def diary_entry_list(*, period: CoachingPeriod, viewer: User) -> QuerySet[DiaryEntry]:
    """Return the diary entries of a period that ``viewer`` may read, newest first.

    The trainee reads all their own entries; coaching staff read only the shared ones;
    anyone else reads none.
    """
    entries = DiaryEntry.objects.filter(period=period).select_related("commented_by")
    if viewer.role == User.Role.TRAINEE and period.trainee.user_id == viewer.pk:
        return entries.order_by("-date")
    if viewer.role in STAFF_ROLES:
        return entries.filter(is_shared=True).order_by("-date")
    return entries.none()


# --- Goals -------------------------------------------------------------------------------

# Goals still being worked on: the ones that come up for review.
UNSETTLED_GOAL_STATUSES = frozenset({GoalStatus.OPEN, GoalStatus.PARTLY_ACHIEVED})


def goal_list(*, period: CoachingPeriod) -> QuerySet[Goal]:
    """Return the period's goals with their reviews (the status history) in two queries."""
    return Goal.objects.filter(period=period).prefetch_related("reviews__reviewer")


def goals_due_for_review_list(*, today: date, days: int = 7) -> QuerySet[Goal]:
    """Return unsettled goals of active periods whose review is overdue or due within ``days``."""
    return (
        Goal.objects.filter(
            status__in=UNSETTLED_GOAL_STATUSES,
            period__phase__in=ACTIVE_PHASES,
            review_due_on__lte=today + timedelta(days=days),
        )
        .select_related("period__trainee", "period__coach")
        .order_by("review_due_on", "pk")
    )


# --- Coaching activities -----------------------------------------------------------------


def activity_get(*, pk: int) -> Activity:
    """Return one activity with its participants' periods and trainees loaded."""
    return (
        Activity.objects.select_related("type", "created_by")
        .prefetch_related("participants__period__trainee")
        .get(pk=pk)
    )


def upcoming_activity_list(*, now: datetime, days: int = 14) -> QuerySet[Activity]:
    """Return activities starting within ``days``, each with ``participant_count``."""
    return (
        Activity.objects.filter(starts_at__gte=now, starts_at__lte=now + timedelta(days=days))
        .select_related("type")
        .annotate(participant_count=Count("participants"))
        .order_by("starts_at", "pk")
    )


def period_activity_list(*, period: CoachingPeriod) -> QuerySet[ActivityParticipant]:
    """Return the period's participations (activity and attendance), newest activity first."""
    return (
        ActivityParticipant.objects.filter(period=period)
        .select_related("activity__type")
        .order_by("-activity__starts_at", "-pk")
    )


def activity_absence_list(*, since: date) -> QuerySet[ActivityParticipant]:
    """Return unexplained absences from activities since a date, for the coach to follow up."""
    return (
        ActivityParticipant.objects.filter(
            attendance=ActivityAttendance.ABSENT_UNEXPLAINED, activity__starts_at__date__gte=since
        )
        .select_related("activity", "period__trainee", "period__coach")
        .order_by("-activity__starts_at", "pk")
    )


# --- Work orders -------------------------------------------------------------------------


def work_order_get(*, pk: int) -> WorkOrder:
    """Return one order with its tasks, tools, trainees and status history loaded."""
    return (
        WorkOrder.objects.select_related("ordering_unit", "coach")
        .prefetch_related("tasks__task", "tools", "periods__trainee", "status_changes__actor")
        .get(pk=pk)
    )


def open_work_order_list(*, unit: WorkUnit | None = None) -> QuerySet[WorkOrder]:
    """Return received, planned and in-progress orders, earliest requested first."""
    orders = WorkOrder.objects.filter(status__in=OPEN_WORK_ORDER_STATUSES).select_related(
        "ordering_unit", "coach"
    )
    return orders.filter(ordering_unit=unit) if unit is not None else orders


def work_unit_open_order_list() -> QuerySet[WorkUnit]:
    """Return work units that have open orders, each with ``open_orders``."""
    return (
        WorkUnit.objects.annotate(
            open_orders=Count(
                "work_orders", filter=Q(work_orders__status__in=OPEN_WORK_ORDER_STATUSES)
            )
        )
        .filter(open_orders__gt=0)
        .order_by("-open_orders", "name")
    )


def lent_tool_outstanding_list() -> QuerySet[WorkOrderTool]:
    """Return lent tools not yet returned to their unit, oldest loan first."""
    return (
        WorkOrderTool.objects.filter(returned_on__isnull=True)
        .select_related("order__ordering_unit")
        .order_by("lent_on", "pk")
    )


# --- Protective equipment and lockers ------------------------------------------------------


def equipment_held_list(*, trainee: Trainee) -> QuerySet[EquipmentIssue]:
    """Return the items the trainee holds (issued and not returned)."""
    return EquipmentIssue.objects.filter(trainee=trainee, returned_on__isnull=True).select_related(
        "equipment_type", "issued_by"
    )


def missing_equipment_list(*, trainee: Trainee) -> QuerySet[EquipmentType]:
    """Return equipment the trainee's assigned tasks require but the trainee does not hold.

    Tasks count when assigned in an open period; each type carries ``needed_for``, the list of
    those tasks that require it.
    """
    assigned = WorkTask.objects.filter(
        assignments__period__trainee=trainee, assignments__period__phase__in=OPEN_PHASES
    )
    held = EquipmentIssue.objects.filter(
        trainee=trainee, returned_on__isnull=True, equipment_type=OuterRef("pk")
    )
    return (
        EquipmentType.objects.filter(tasks__in=assigned)
        .exclude(Exists(held))
        .distinct()
        .prefetch_related(
            Prefetch("tasks", queryset=assigned.order_by("name").distinct(), to_attr="needed_for")
        )
        .order_by("name")
    )


def free_locker_list() -> QuerySet[Locker]:
    """Return active lockers whose key nobody holds."""
    held = LockerAssignment.objects.filter(locker=OuterRef("pk"), key_returned_on__isnull=True)
    return Locker.objects.filter(is_active=True).exclude(Exists(held)).select_related("site")


def locker_holder_list() -> QuerySet[LockerAssignment]:
    """Return the current locker assignments with their trainees."""
    return LockerAssignment.objects.filter(key_returned_on__isnull=True).select_related(
        "locker__site", "trainee"
    )


@dataclass(frozen=True)
class Brand:
    """What every page needs of the municipality's brand: one query, or none on Valmo's own."""

    colour: str  # "#rrggbb", or "" for Valmo's own blue
    has_logo: bool
    version: str  # changes whenever the brand does, for caching the stylesheet and the logo

    @property
    def is_custom(self) -> bool:
        return bool(self.colour or self.has_logo)


def brand_get() -> Brand:
    row = (
        CoachingSettings.objects.filter(singleton=1)
        .values("brand_colour", "logo", "updated_at")
        .first()
    )
    if row is None:
        return Brand(colour="", has_logo=False, version="0")
    return Brand(
        colour=row["brand_colour"],
        has_logo=bool(row["logo"]),
        version=str(int(row["updated_at"].timestamp())),
    )


def brand_logo_get() -> CoachingSettings | None:
    """The settings row whose logo file is served, when there is one."""
    return CoachingSettings.objects.filter(singleton=1).exclude(logo="").first()


# --- API reads (one object by id, scoped by the caller) -----------------------------------


def goal_detail_list() -> QuerySet[Goal]:
    """Goals with their period and review history, for reads by id."""
    return Goal.objects.select_related("period").prefetch_related("reviews__reviewer")


def diary_entry_detail_list() -> QuerySet[DiaryEntry]:
    """Diary entries with their period and trainee (whose user decides who may read)."""
    return DiaryEntry.objects.select_related("period__trainee", "commented_by")


def referral_list() -> QuerySet[Referral]:
    """Referrals with what their API representation shows, joined (constant queries)."""
    return Referral.objects.select_related(
        "trainee", "case_manager", "requested_status", "service_form", "target_group"
    ).prefetch_related("attachments")


def participation_status_list() -> QuerySet[ParticipationStatus]:
    return ParticipationStatus.objects.all()


def service_form_list() -> QuerySet[ServiceForm]:
    return ServiceForm.objects.all()


def target_group_list() -> QuerySet[TargetGroup]:
    return TargetGroup.objects.all()


def site_detail_list() -> QuerySet[Site]:
    """Every site, retired ones too (the configuration API changes them by id)."""
    return Site.objects.all()


def work_unit_detail_list() -> QuerySet[WorkUnit]:
    """Every work unit, retired ones too (the configuration API changes them by id)."""
    return WorkUnit.objects.select_related("site", "supervisor")


def partner_organisation_list() -> QuerySet[PartnerOrganisation]:
    """Every partner organisation, retired ones too, by name."""
    return PartnerOrganisation.objects.order_by("name", "pk")


def partner_contact_list() -> QuerySet[PartnerContact]:
    return PartnerContact.objects.all()


def activity_detail_list() -> QuerySet[Activity]:
    """Activities with their type and participants (two queries for any page)."""
    return Activity.objects.select_related("type").prefetch_related("participants")


def activity_type_all() -> QuerySet[ActivityType]:
    return ActivityType.objects.all()


def work_order_detail_list() -> QuerySet[WorkOrder]:
    """Work orders with their unit, task lines and tools (constant queries for any page)."""
    return WorkOrder.objects.select_related("ordering_unit").prefetch_related("tasks", "tools")


def work_order_tool_list() -> QuerySet[WorkOrderTool]:
    return WorkOrderTool.objects.select_related("order")


def work_task_list() -> QuerySet[WorkTask]:
    return WorkTask.objects.all()


def equipment_issue_list() -> QuerySet[EquipmentIssue]:
    return EquipmentIssue.objects.select_related("equipment_type", "trainee")


def equipment_type_list() -> QuerySet[EquipmentType]:
    return EquipmentType.objects.all()


def locker_list() -> QuerySet[Locker]:
    return Locker.objects.all()


def locker_assignment_list() -> QuerySet[LockerAssignment]:
    return LockerAssignment.objects.select_related("locker", "trainee")


_LOGO_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
}


def document_brand_get() -> DocumentBrand:
    """The brand for PDFs (registered with ``privacy.documents`` at start-up): colour and logo."""
    row = CoachingSettings.objects.filter(singleton=1).first()
    if row is None:
        return DocumentBrand()
    logo, logo_type = b"", ""
    if row.logo:
        suffix = "." + row.logo.name.rsplit(".", 1)[-1].lower() if "." in row.logo.name else ""
        logo_type = _LOGO_TYPES.get(suffix, "")
        if logo_type:
            try:
                with row.logo.open("rb") as handle:
                    logo = handle.read()
            except OSError:  # a missing file must not stop a document
                logo, logo_type = b"", ""
    return DocumentBrand(colour=row.brand_colour, logo=logo, logo_type=logo_type if logo else "")
