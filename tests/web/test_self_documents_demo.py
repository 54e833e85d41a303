"""The demo fills the trainee's own pages (/oma/) for the demo trainee's login."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


def test_the_demo_fills_the_trainee_pages(demo, client_for):
    from accounts.models import User
    from tenants.models import Municipality

    tenant = Municipality.objects.get(slug="joensuu")
    connection.set_tenant(tenant)
    try:
        user = User.objects.get(email__startswith="valmentautuja@")
        client = client_for(tenant, user)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fi"
        assessment = client.get("/oma/arviointi/")
        assert [link.occasion for link in assessment.context["open"]] == ["interim"]
        assert len(assessment.context["earlier"]) == 1  # the baseline, finished
        competence = client.get("/oma/osaaminen/")
        assert len(competence.context["waiting"]) == 2
        documents = client.get("/oma/asiakirjat/")
        assert len(documents.context["certificates"]) == 1
        (interim,) = documents.context["interims"]
        report = client.get(f"/oma/asiakirjat/raportit/{interim.report.pk}/")
        assert report.status_code == 200
        assert "Jatketaan valmennusta suunnitellusti." in report.content.decode()
        data = client.get("/oma/tietoni/")
        assert data.context["handled"]
    finally:
        connection.set_schema_to_public()
