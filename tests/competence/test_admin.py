"""The competence admin only shows data: writes must go through the services."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.db import connection

from competence.models import (
    CompetenceCertificate,
    CompetenceRecord,
    LearningEnvironment,
    WorkTaskRequirement,
)

pytestmark = pytest.mark.django_db

MODELS = (LearningEnvironment, WorkTaskRequirement, CompetenceRecord, CompetenceCertificate)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_admin_is_read_only_on_a_municipality_host(rf, staff, model):
    request = rf.get("/admin/")
    request.user = staff.admin
    model_admin = admin.site._registry[model]

    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    for inline_class in model_admin.inlines:
        inline = inline_class(model, admin.site)
        assert not inline.has_add_permission(request, None)
        assert not inline.has_change_permission(request)
        assert not inline.has_delete_permission(request)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_admin_is_hidden_on_the_public_host(rf, staff, model):
    request = rf.get("/admin/")
    request.user = staff.admin
    connection.set_schema_to_public()

    assert not admin.site._registry[model].has_module_permission(request)
    assert not admin.site._registry[model].has_view_permission(request)
