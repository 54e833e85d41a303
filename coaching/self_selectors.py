"""Reads for a trainee's own pages (/oma/) and for the coach's view of the trainee's sign-in.

The viewer's reach comes in as querysets the permission layer has already narrowed
(``periods_visible_to(user)``, ``scope_queryset(user, "daily_log.view", ...)``), so a
trainee's page can never show another trainee's rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Prefetch, QuerySet, Sum

from accounts.models import Invitation, SignInLink, User

from .models import CoachingPeriod, DailyEntry, DailyEntryTask, DiaryEntry, PeriodStatus, Trainee
from .models.periods import OPEN_PHASES

# A trainee without e-mail still needs a unique user name: a reserved ``.invalid`` address
# (RFC 2606) that no mail is ever sent to and nobody types.
NO_EMAIL_DOMAIN = "ei-sahkopostia.invalid"
MY_DAYS_SHOWN = 31  # the newest recorded days on "My days"


def email_is_placeholder(email: str) -> bool:
    """True for the reserved address of a trainee without e-mail (shown as "no e-mail")."""
    return email.endswith("@" + NO_EMAIL_DOMAIN)


def self_period_get(
    *, visible: QuerySet[CoachingPeriod], period_id: int | None = None
) -> CoachingPeriod | None:
    """The trainee's period to show: the one asked for, else the open one, else the newest."""
    periods = visible.select_related("trainee", "coach").order_by("-start_on", "-pk")
    if period_id is not None:
        return periods.filter(pk=period_id).first()
    return periods.filter(phase__in=OPEN_PHASES).first() or periods.first()


def self_periods(*, visible: QuerySet[CoachingPeriod]) -> list[CoachingPeriod]:
    """All the trainee's periods, newest first (a picker shows when there are several)."""
    return list(visible.order_by("-start_on", "-pk"))


@dataclass(frozen=True)
class HoursAgainstPlan:
    label_start: date
    label_end: date
    hours: Decimal
    days_present: int
    planned_hours: Decimal | None  # None: no participation status in force

    @property
    def percent(self) -> int | None:
        if not self.planned_hours:
            return None
        return min(100, round(self.hours * 100 / self.planned_hours))


@dataclass
class MyDays:
    period: CoachingPeriod
    status: PeriodStatus | None  # in force today
    entries: list[DailyEntry] = field(default_factory=list)
    week: HoursAgainstPlan | None = None
    month: HoursAgainstPlan | None = None


def _weekdays_between(first: date, last: date) -> int:
    days = 0
    day = first
    while day <= last:
        days += day.weekday() < 5
        day += timedelta(days=1)
    return days


def _summary(
    entries: QuerySet[DailyEntry], first: date, last: date, status: PeriodStatus | None
) -> HoursAgainstPlan:
    rows = entries.filter(date__gte=first, date__lte=last)
    hours = rows.aggregate(total=Sum("hours"))["total"] or Decimal(0)
    present = rows.filter(attendance="present").count()
    planned = None
    if status is not None:
        # The status names days a week; a month's plan is those days over its weekdays.
        weeks = Decimal(_weekdays_between(first, last)) / 5
        planned = (status.hours_per_day * status.days_per_week * weeks).quantize(Decimal("1"))
    return HoursAgainstPlan(first, last, hours, present, planned)


def my_days_get(*, period: CoachingPeriod, entries: QuerySet[DailyEntry], today: date) -> MyDays:
    """The period's recorded days (newest first, with tasks) and this week's and month's hours.

    ``entries`` is the viewer's reach of the daily log; only the period's rows are read.
    """
    entries = entries.filter(period=period)
    status = (
        PeriodStatus.objects.filter(period=period, valid_from__lte=today)
        .exclude(valid_until__lt=today)
        .order_by("-valid_from")
        .first()
    )
    tasks = Prefetch(
        "tasks_done", queryset=DailyEntryTask.objects.select_related("task", "level").order_by("pk")
    )
    shown = list(entries.prefetch_related(tasks).order_by("-date")[:MY_DAYS_SHOWN])
    monday = today - timedelta(days=today.weekday())
    month_start = today.replace(day=1)
    next_month = (month_start + timedelta(days=32)).replace(day=1)
    return MyDays(
        period=period,
        status=status,
        entries=shown,
        week=_summary(entries, monday, monday + timedelta(days=6), status),
        month=_summary(entries, month_start, next_month - timedelta(days=1), status),
    )


def self_diary_entry_get(*, visible: QuerySet[DiaryEntry], pk: int) -> DiaryEntry | None:
    """One diary entry in the viewer's reach, with its period."""
    return visible.select_related("period", "commented_by").filter(pk=pk).first()


def shared_diary_entries(*, period: CoachingPeriod) -> list[DiaryEntry]:
    """The entries the trainee has shared with the coach, newest first (the coach's screen)."""
    return list(
        DiaryEntry.objects.filter(period=period, is_shared=True)
        .select_related("commented_by")
        .order_by("-date")
    )


@dataclass(frozen=True)
class TraineeAccount:
    """What the coach sees of a trainee's sign-in (never the secret of a link)."""

    user: User | None
    invitation: Invitation | None  # the newest one
    link: SignInLink | None  # the newest one

    @property
    def exists(self) -> bool:
        return self.user is not None

    @property
    def has_email(self) -> bool:
        return self.user is not None and not email_is_placeholder(self.user.email)

    @property
    def has_password(self) -> bool:
        return self.user is not None and self.user.has_usable_password()

    @property
    def is_active(self) -> bool:
        return self.user is not None and self.user.is_active

    @property
    def invitation_open(self) -> bool:
        return self.invitation is not None and self.invitation.is_open


def trainee_account_get(*, trainee: Trainee) -> TraineeAccount:
    """The trainee's account, newest invitation and newest one-time link (three queries)."""
    user = User.objects.filter(trainee=trainee).first()
    if user is None:
        return TraineeAccount(None, None, None)
    return TraineeAccount(
        user=user,
        invitation=Invitation.objects.filter(user=user).order_by("-created_at").first(),
        link=SignInLink.objects.filter(user=user).order_by("-created_at").first(),
    )
