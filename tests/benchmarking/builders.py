"""Constructed coaching data with known answers (direct ORM writes: exact dates and states)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone


def aware(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 12))


class Builder:
    def __init__(self, coach, admin):
        from coaching.models import PartnerContact, PartnerOrganisation

        self.coach, self.admin = coach, admin
        organisation, _ = PartnerOrganisation.objects.get_or_create(
            name="Työllisyysalue", defaults={"kind": "employment_area"}
        )
        self.contact = PartnerContact.objects.create(
            organisation=organisation, name="Case Manager", is_case_manager=True
        )
        self.count = 0

    def period(
        self,
        *,
        start: date,
        born: date | None = None,
        service_form: str = "service_work_education",
        target_group: str | None = "young_people",
        status: str = "work_trial",
        ended: date | None = None,
        outcome: str = "",
        phase: str = "coaching",
        coach=None,
        received: date | None = None,
        gender: str = "",
    ):
        from coaching.models import (
            CoachingPeriod,
            ParticipationStatus,
            PeriodStatus,
            Referral,
            ServiceForm,
            TargetGroup,
            Trainee,
        )

        self.count += 1
        trainee = Trainee.objects.create(
            first_name="Testi",
            last_name=f"Henkilö {self.count}",
            date_of_birth=born,
            gender=gender,
        )
        status_row = ParticipationStatus.objects.get(code=status)
        referral = Referral.objects.create(
            trainee=trainee,
            case_manager=self.contact,
            legal_basis="employment_plan",
            legal_basis_date=start,
            requested_status=status_row,
            service_form=ServiceForm.objects.get(code=service_form),
            target_group=TargetGroup.objects.get(code=target_group) if target_group else None,
            days_per_week=5,
            hours_per_day=Decimal(6),
            planned_start_on=start,
            planned_end_on=date(start.year + 1, 1, 31),
        )
        Referral.objects.filter(pk=referral.pk).update(created_at=aware(received or start))
        if ended is not None:
            phase = "ended"
        period = CoachingPeriod.objects.create(
            trainee=trainee,
            referral=referral,
            coach=coach or self.coach,
            start_on=start,
            planned_end_on=date(start.year + 1, 1, 31),
            ended_on=ended,
            outcome=outcome,
            phase=phase,
            follow_up_due_on=date(ended.year, ended.month + 3, ended.day) if ended else None,
        )
        if phase != "referred":
            PeriodStatus.objects.create(
                period=period,
                status=status_row,
                valid_from=start,
                days_per_week=5,
                hours_per_day=Decimal(6),
            )
        return period

    def days(self, period, first: date, *, present: int, absent: int, hours: Decimal):
        from datetime import timedelta

        from coaching.models import DailyEntry

        rows = []
        for n in range(present + absent):
            rows.append(
                DailyEntry(
                    period=period,
                    date=first + timedelta(days=n),
                    attendance="present" if n < present else "absent_sick",
                    hours=hours if n < present else Decimal(0),
                    recorded_by=self.coach,
                )
            )
        DailyEntry.objects.bulk_create(rows)
