"""Onboarding requests and setup decisions in the operators' admin: read-only support views.

Every write goes through ``onboarding.request_services`` and ``services`` (the operator's
pages on the public host and the municipality's setup checklist).
"""

from django.contrib import admin

from valmo.admin_scoping import PublicAdminMixin, ReadOnlyAdminMixin

from .models import OnboardingRequest, SetupDecision


@admin.register(OnboardingRequest)
class OnboardingRequestAdmin(ReadOnlyAdminMixin, PublicAdminMixin, admin.ModelAdmin):
    list_display = ["name", "domain", "status", "source", "created_at", "finished_at"]
    list_filter = ["status", "source"]
    search_fields = ["name", "domain"]


@admin.register(SetupDecision)
class SetupDecisionAdmin(ReadOnlyAdminMixin, PublicAdminMixin, admin.ModelAdmin):
    list_display = ["municipality", "step", "decided_at"]
    list_filter = ["step"]
