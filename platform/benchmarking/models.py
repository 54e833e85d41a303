"""Cross-municipality benchmarking in the public schema: who takes part, runs and snapshots.

Only aggregates that passed disclosure control (``benchmarking.disclosure``) are written
here; personal data stays in the tenant schemas. Snapshots and their cells are written once
and never rewritten: database triggers (migration 0002) refuse UPDATE, DELETE and TRUNCATE.
Periods are years or quarters (``"2026"``, ``"2026-Q1"``), never a finer date. See
``docs/benchmarking.md``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from valmo.integrity import FieldCheckConstraint

from .disclosure import DEFAULT_K, MIN_K


class RegionSetting(models.Model):
    """Disclosure settings of one employment area: the smallest publishable cell ``k``."""

    region = models.OneToOneField(
        "tenants.Region",
        verbose_name=_("employment area"),
        on_delete=models.CASCADE,
        related_name="benchmarking_setting",
    )
    k = models.PositiveSmallIntegerField(_("smallest published group"), default=DEFAULT_K)

    class Meta:
        constraints = [
            FieldCheckConstraint(
                condition=models.Q(k__gte=MIN_K),
                name="benchmarking_regionsetting_k_min",
                field="k",
                violation_error_message=_("The smallest published group must be at least 5."),
            )
        ]
        verbose_name = _("benchmarking setting")
        verbose_name_plural = _("benchmarking settings")

    def __str__(self) -> str:
        return f"{self.region} k={self.k}"


class Participation(models.Model):
    """A municipality's admin's choice to take part in benchmarking (off until chosen)."""

    municipality = models.OneToOneField(
        "tenants.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="benchmarking_participation",
    )
    participates = models.BooleanField(_("takes part in benchmarking"), default=False)
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("benchmarking participation")
        verbose_name_plural = _("benchmarking participations")

    def __str__(self) -> str:
        return f"{self.municipality_id}: {self.participates}"


class Run(models.Model):
    """One fan-out: every participating municipality computes and publishes its figures."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        DONE_WITH_FAILURES = "done_with_failures", _("Done with failures")

    years = models.JSONField(_("years"), default=list)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RUNNING
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("benchmarking run")
        verbose_name_plural = _("benchmarking runs")

    def __str__(self) -> str:
        return f"{self.pk} {self.status}"


class RunMunicipality(models.Model):
    """The progress of one municipality in a run; a failure is recorded, not raised."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped (left benchmarking)")

    FINISHED = (Status.DONE, Status.FAILED, Status.SKIPPED)

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="municipalities")
    municipality = models.ForeignKey(
        "tenants.Municipality", on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    # The exception's class name only: a message could carry data from the municipality.
    error = models.CharField(_("error"), max_length=100, blank=True)
    seconds = models.FloatField(_("seconds"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["run", "municipality_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "municipality"], name="benchmarking_runmunicipality_unique"
            )
        ]
        verbose_name = _("municipality in a run")
        verbose_name_plural = _("municipalities in a run")

    def __str__(self) -> str:
        return f"{self.run_id}/{self.municipality_id} {self.status}"


class Snapshot(models.Model):
    """One municipality's published figures from one run: written once with its cells."""

    run = models.ForeignKey(Run, on_delete=models.PROTECT, related_name="snapshots")
    municipality = models.ForeignKey(
        "tenants.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    # The area at the time of the run, so a later move does not rewrite history.
    region = models.ForeignKey(
        "tenants.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    k = models.PositiveSmallIntegerField(_("smallest published group"))

    class Meta:
        ordering = ["run", "municipality_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "municipality"], name="benchmarking_snapshot_unique"
            ),
            FieldCheckConstraint(
                condition=models.Q(k__gte=MIN_K),
                name="benchmarking_snapshot_k_min",
                field="k",
                violation_error_message=_("The smallest published group must be at least 5."),
            ),
        ]
        verbose_name = _("benchmarking snapshot")
        verbose_name_plural = _("benchmarking snapshots")

    def __str__(self) -> str:
        return f"{self.run_id}/{self.municipality_id}"


class SnapshotCell(models.Model):
    """One published figure: a count of persons or events, or a rate or mean over them.

    A suppressed cell has neither count nor value; a count cell has no value and vice versa.
    """

    snapshot = models.ForeignKey(Snapshot, on_delete=models.PROTECT, related_name="cells")
    metric = models.CharField(_("metric"), max_length=160)
    period = models.CharField(_("period"), max_length=7)
    dimension = models.CharField(_("dimension"), max_length=40)
    category = models.CharField(_("category"), max_length=60)
    count = models.PositiveIntegerField(_("count"), null=True, blank=True)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=3, null=True, blank=True)
    suppressed = models.BooleanField(_("suppressed"), default=False)

    class Meta:
        ordering = ["snapshot", "metric", "period", "dimension", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "metric", "period", "dimension", "category"],
                name="benchmarking_cell_unique",
            ),
            FieldCheckConstraint(
                condition=models.Q(period__regex=r"^[0-9]{4}(-Q[1-4])?$"),
                name="benchmarking_cell_period_quarter",
                field="period",
                violation_error_message=_("A period is a year or a quarter."),
            ),
            FieldCheckConstraint(
                condition=models.Q(suppressed=True, count__isnull=True, value__isnull=True)
                | models.Q(suppressed=False, count__isnull=False, value__isnull=True)
                | models.Q(suppressed=False, count__isnull=True, value__isnull=False),
                name="benchmarking_cell_suppressed_empty",
                field="suppressed",
                violation_error_message=_(
                    "A suppressed cell has no figure; a published cell has one."
                ),
            ),
        ]
        verbose_name = _("snapshot cell")
        verbose_name_plural = _("snapshot cells")

    def __str__(self) -> str:
        return f"{self.metric} {self.period} {self.dimension}={self.category}"


class CoordinatorRegion(models.Model):
    """An employment area a regional coordinator may compare; they see no other area.

    Public schema only, like the coordinator's account. Set by operators through
    ``coordinator_regions_set``.
    """

    user = models.ForeignKey(
        "accounts.User",
        verbose_name=_("regional coordinator"),
        on_delete=models.CASCADE,
        related_name="coordinator_regions",
    )
    region = models.ForeignKey(
        "tenants.Region",
        verbose_name=_("employment area"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "region"], name="benchmarking_coordinatorregion_unique"
            )
        ]
        verbose_name = _("coordinator's employment area")
        verbose_name_plural = _("coordinators' employment areas")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.region_id}"
