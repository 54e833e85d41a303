"""Public-schema tenancy: regions (employment areas), municipalities and their host names."""

from __future__ import annotations

from typing import ClassVar

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin

slug_validator = RegexValidator(
    r"^[a-z][a-z0-9_]{1,40}$",
    _("Use 2–41 lowercase letters, digits or underscores, starting with a letter."),
)
business_id_validator = RegexValidator(
    r"^\d{7}-\d$", _("Enter a Finnish business ID in the form 1234567-8.")
)


class Region(models.Model):
    """An employment area (työllisyysalue) whose municipalities are compared with each other."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("identifier"), max_length=60, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("employment area")
        verbose_name_plural = _("employment areas")

    def __str__(self) -> str:
        return self.name


class Municipality(TenantMixin):
    """A tenant: one municipality's coaching environment in its own schema."""

    class Language(models.TextChoices):
        FINNISH = "fi", _("Finnish")
        SWEDISH = "sv", _("Swedish")
        ENGLISH = "en", _("English")

    # Declared for the type checker only (Django adds the manager): the django-tenants base
    # class has no type information, so the stubs' plugin does not add it.
    objects: ClassVar[models.Manager[Municipality]]

    name = models.CharField(_("name"), max_length=200)
    slug = models.CharField(
        _("identifier"), max_length=41, unique=True, validators=[slug_validator]
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("employment area"),
        on_delete=models.PROTECT,
        related_name="municipalities",
        null=True,
        blank=True,
    )
    business_id = models.CharField(
        _("business ID"), max_length=9, blank=True, validators=[business_id_validator]
    )
    default_language = models.CharField(
        _("default language"), max_length=2, choices=Language.choices, default=Language.FINNISH
    )
    timezone = models.CharField(_("time zone"), max_length=64, default="Europe/Helsinki")
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    auto_create_schema = True
    auto_drop_schema = False

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class Domain(DomainMixin):
    """A host name that serves one municipality (or the public site)."""

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")


class PooledSchema(models.Model):
    """A municipality schema cloned ahead of time, waiting to be renamed for a new municipality.

    ``migration_head`` fingerprints the tenant migrations the schema was cloned at; an entry
    whose head is not the code's is never handed out (``tenants.schema_pool``).
    """

    schema_name = models.CharField(max_length=63, unique=True)
    migration_head = models.CharField(max_length=64)
    seeded = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("pooled schema")
        verbose_name_plural = _("pooled schemas")

    def __str__(self) -> str:
        return self.schema_name
