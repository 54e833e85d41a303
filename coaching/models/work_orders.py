"""Work orders from municipal work units: ordered tasks, lent tools and the status history."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from valmo.integrity import FieldCheckConstraint

from .catalogue import TimeStampedModel, WorkTask, WorkUnit
from .periods import CoachingPeriod


class WorkOrderStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_WORK_ORDER_STATUSES = frozenset(
    {WorkOrderStatus.RECEIVED, WorkOrderStatus.PLANNED, WorkOrderStatus.IN_PROGRESS}
)


class WorkOrder(TimeStampedModel):
    """Work a municipal unit orders from the environment; the status changes through services."""

    ordering_unit = models.ForeignKey(
        WorkUnit,
        verbose_name=_("ordering unit"),
        on_delete=models.PROTECT,
        related_name="work_orders",
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    description = models.TextField(_("description"))
    received_on = models.DateField(_("received"))
    # A single requested day has no end date.
    requested_start_on = models.DateField(_("requested start"))
    requested_end_on = models.DateField(_("requested end"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=WorkOrderStatus.choices,
        default=WorkOrderStatus.RECEIVED,
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("work coach"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work_orders",
    )
    periods = models.ManyToManyField(
        CoachingPeriod,
        verbose_name=_("assigned trainees"),
        blank=True,
        related_name="work_orders",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["requested_start_on", "pk"]
        constraints = [
            FieldCheckConstraint(
                condition=models.Q(requested_end_on__isnull=True)
                | models.Q(requested_start_on__lte=models.F("requested_end_on")),
                name="workorder_requested_dates_order",
                field="requested_end_on",
                violation_error_message=_("The requested end is before the start."),
            )
        ]
        indexes = [models.Index(fields=["status", "ordering_unit"], name="workorder_status_unit")]
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")

    def __str__(self) -> str:
        return f"{self.ordering_unit} {self.requested_start_on:%d.%m.%Y}"


class WorkOrderTask(models.Model):
    """A catalogue task ordered, with the quantity and notes the unit gave."""

    order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="tasks")
    task = models.ForeignKey(
        WorkTask, verbose_name=_("task"), on_delete=models.PROTECT, related_name="order_lines"
    )
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["order", "task"], name="workordertask_unique")
        ]
        verbose_name = _("ordered task")
        verbose_name_plural = _("ordered tasks")

    def __str__(self) -> str:
        return str(self.task)


class WorkOrderTool(models.Model):
    """A tool the ordering unit lends for the work, until it is returned."""

    order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="tools")
    name = models.CharField(_("tool"), max_length=200)
    quantity = models.PositiveSmallIntegerField(
        _("quantity"), default=1, validators=[MinValueValidator(1)]
    )
    lent_on = models.DateField(_("lent"))
    returned_on = models.DateField(_("returned"), null=True, blank=True)
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            FieldCheckConstraint(
                condition=models.Q(returned_on__isnull=True)
                | models.Q(lent_on__lte=models.F("returned_on")),
                name="workordertool_dates_order",
                field="returned_on",
                violation_error_message=_("A tool cannot be returned before it was lent."),
            )
        ]
        verbose_name = _("lent tool")
        verbose_name_plural = _("lent tools")

    def __str__(self) -> str:
        return self.name


class WorkOrderStatusChange(models.Model):
    """One status change of a work order: the full history, never edited."""

    order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="status_changes")
    # Blank on the row that records the order's creation.
    from_status = models.CharField(
        _("from status"), max_length=20, choices=WorkOrderStatus.choices, blank=True
    )
    to_status = models.CharField(_("to status"), max_length=20, choices=WorkOrderStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"))
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["order", "at", "pk"]
        verbose_name = _("work order status change")
        verbose_name_plural = _("work order status changes")

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"
