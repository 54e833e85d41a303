"""Published, anonymised cross-municipality aggregates (public schema).

Only numbers that passed small-cell suppression are ever written here; personal data stays
in the tenant schemas.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublishedAggregate(models.Model):
    municipality = models.ForeignKey(
        "tenants.Municipality", on_delete=models.CASCADE, related_name="published_aggregates"
    )
    metric = models.CharField(_("metric"), max_length=100)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    dimension = models.CharField(_("dimension"), max_length=100, blank=True)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=3, null=True)
    count = models.PositiveIntegerField(_("count"), null=True)
    suppressed = models.BooleanField(_("suppressed"), default=False)
    published_at = models.DateTimeField(_("published"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "metric", "period_start", "period_end", "dimension"],
                name="aggregate_unique_cell",
            )
        ]
        verbose_name = _("published aggregate")
        verbose_name_plural = _("published aggregates")

    def __str__(self) -> str:
        return f"{self.metric} {self.period_start}–{self.period_end}"
