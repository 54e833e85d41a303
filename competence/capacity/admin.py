"""Read-only admin for capacity instruments and assessments on municipality hosts.

Instrument content and assessments change only through ``services`` (published versions are
immutable, assessments follow the rater rules), so the admin shows them and offers nothing
but taking instruments into or out of use, which goes through the service as well.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext, gettext_lazy

from valmo.admin_scoping import ReadOnlyAdminMixin, ReadOnlyTabularInline, TenantAdminMixin

from . import services
from .models import Answer, Assessment, Dimension, Instrument, InstrumentVersion, Item, ScalePoint


class VersionInline(ReadOnlyTabularInline):
    model = InstrumentVersion
    fields = ["number", "status", "name_fi", "published_at"]
    readonly_fields = fields
    show_change_link = True


@admin.register(Instrument)
class InstrumentAdmin(ReadOnlyAdminMixin, TenantAdminMixin, admin.ModelAdmin):
    list_display = ["code", "source", "is_active", "updated_at"]
    list_filter = ["source", "is_active"]
    inlines = [VersionInline]
    actions = ["take_into_use", "take_out_of_use"]

    def _active_set(self, request, queryset, is_active: bool) -> None:
        try:
            for instrument in queryset:
                services.capacity_instrument_active_set(
                    actor=request.user, instrument=instrument, is_active=is_active
                )
        except PermissionDenied as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        self.message_user(request, gettext("Instruments updated."), messages.SUCCESS)

    @admin.action(description=gettext_lazy("Take into use"))
    def take_into_use(self, request, queryset):
        self._active_set(request, queryset, True)

    @admin.action(description=gettext_lazy("Take out of use"))
    def take_out_of_use(self, request, queryset):
        self._active_set(request, queryset, False)


class ScalePointInline(ReadOnlyTabularInline):
    model = ScalePoint
    fields = ["value", "label_fi", "label_sv", "label_en"]
    readonly_fields = fields


class DimensionInline(ReadOnlyTabularInline):
    model = Dimension
    fields = ["position", "code", "name_fi", "name_sv", "name_en"]
    readonly_fields = fields


class ItemInline(ReadOnlyTabularInline):
    model = Item
    fields = ["dimension", "position", "code", "text_fi"]
    readonly_fields = fields


@admin.register(InstrumentVersion)
class InstrumentVersionAdmin(ReadOnlyAdminMixin, TenantAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "instrument", "number", "status", "published_at"]
    list_filter = ["status", "instrument__source"]
    list_select_related = ["instrument"]
    inlines = [ScalePointInline, DimensionInline, ItemInline]


class AnswerInline(ReadOnlyTabularInline):
    model = Answer
    fields = ["item", "value", "not_observed"]
    readonly_fields = fields


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdminMixin, TenantAdminMixin, admin.ModelAdmin):
    list_display = [
        "period",
        "instrument",
        "occasion",
        "rater_type",
        "rater",
        "assessed_on",
        "finalised_at",
    ]
    list_filter = ["occasion", "rater_type", "instrument"]
    list_select_related = ["period__trainee", "instrument", "rater"]
    date_hierarchy = "assessed_on"
    inlines = [AnswerInline]
