"""The comparison screens and exports on constructed snapshots with known answers.

Coordinators (public host) see their own employment areas only; the municipality sees itself
against its area. The area's figures come from published cells alone.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from benchmarking.comparison import comparison_get
from benchmarking.models import CoordinatorRegion, Participation, Run, Snapshot, SnapshotCell
from benchmarking.services import coordinator_regions_set
from tenants.models import Municipality, Region

pytestmark = pytest.mark.django_db

PUBLIC_HOST = "localhost"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _cells(snapshot, rows):
    SnapshotCell.objects.bulk_create(
        SnapshotCell(
            snapshot=snapshot,
            metric=metric,
            period=period,
            dimension=dimension,
            category=category,
            count=figure if isinstance(figure, int) else None,
            value=figure if isinstance(figure, Decimal) else None,
            suppressed=figure is None,
        )
        for metric, period, dimension, category, figure in rows
    )


@pytest.fixture
def published(tenants):
    """One run: A and B of the test area; B also published once under the other area."""
    connection.set_schema_to_public()
    area = Region.objects.get(slug="test_area")
    other = Region.objects.get(slug="other_area")
    run = Run.objects.create(years=[2026], status="done", finished_at=timezone.now())
    a = Snapshot.objects.create(run=run, municipality=tenants.a, region=area, k=7)
    b = Snapshot.objects.create(run=run, municipality=tenants.b, region=area, k=7)
    _cells(
        a,
        [
            ("starts", "2026", "all", "all", 20),
            ("starts", "2026-Q1", "all", "all", 12),
            ("starts", "2026-Q2", "all", "all", 8),
            ("starts", "2026-Q3", "all", "all", 0),
            ("starts", "2026-Q4", "all", "all", 0),
            ("starts", "2026", "gender", "female", None),
            ("attending_trainees", "2026", "all", "all", 10),
            ("attendance_rate", "2026", "all", "all", Decimal("0.800")),
        ],
    )
    _cells(
        b,
        [
            ("starts", "2026", "all", "all", 10),
            ("starts", "2026-Q1", "all", "all", None),
            ("starts", "2026-Q2", "all", "all", None),
            ("starts", "2026-Q3", "all", "all", 10),
            ("starts", "2026-Q4", "all", "all", 0),
            ("starts", "2026", "gender", "female", 9),
            ("attending_trainees", "2026", "all", "all", 30),
            ("attendance_rate", "2026", "all", "all", Decimal("0.500")),
        ],
    )
    run_other = Run.objects.create(years=[2026], status="done", finished_at=timezone.now())
    other_snapshot = Snapshot.objects.create(
        run=run_other, municipality=tenants.b, region=other, k=7
    )
    _cells(other_snapshot, [("starts", "2026", "all", "all", 77)])
    return area, other


def _public_user(role: str, regions=()):
    from accounts.models import User

    connection.set_schema_to_public()
    user = User.objects.create_user(
        email=f"{role}-{len(regions)}-{User.objects.count()}@example.fi",
        password="x" * 12,
        role=role,
    )
    if regions:
        coordinator_regions_set(actor=None, user=user, regions=list(regions))
    return user


def _client(user) -> Client:
    client = Client(HTTP_HOST=PUBLIC_HOST, **EN)
    client.force_login(user)
    return client


def test_area_figures_come_from_published_cells_only(published):
    area, _other = published
    starts = comparison_get(region=area, metric="starts", period="2026")
    assert [name for _pk, name in starts.municipalities] == ["Testikunta A", "Testikunta B"]
    assert starts.area.total == 30
    assert starts.area.mean == Decimal("15.00")
    q1 = starts.trend_area["2026-Q1"]
    assert (q1.total, q1.published, q1.suppressed) == (12, 1, 1)  # B's hidden cell is left out
    # Attendance: weighted by the attending trainees, (0.8 × 10 + 0.5 × 30) / 40 = 0.575.
    rate = comparison_get(region=area, metric="attendance_rate", period="2026")
    assert rate.area.total is None
    assert rate.area.mean == Decimal("0.58")
    female = comparison_get(
        region=area, metric="starts", period="2026", dimension="gender", category="female"
    )
    assert sum(1 for f in female.figures.values() if f.suppressed) == 1
    assert female.area.total == 9


def test_coordinator_sees_the_area_side_by_side(published):
    area, _other = published
    coordinator = _public_user("regional_coordinator", [area])
    response = _client(coordinator).get(
        "/koordinaattori/", {"alue": "test_area", "metric": "starts", "period": "2026"}
    )
    assert response.status_code == 200
    rows = response.context["rows"]
    assert rows[0] == ["Municipality", "2026", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert rows[1] == ["Testikunta A", "20", "12", "8", "0", "0"]
    assert rows[2] == ["Testikunta B", "10", "–", "–", "10", "0"]
    assert rows[3] == ["Employment area, total", "30", "at least 12", "at least 8", "10", "0"]
    assert rows[4][:2] == ["Employment area, average", "15.00"]
    body = response.content.decode()
    assert "<svg" in body
    assert 'id="chart-municipalities-table"' in body
    assert 'id="comparison-table"' in body
    assert not re.search(r">\s*77\s*<", body)  # the other area's snapshot (not a token's digits)


def test_coordinator_of_one_area_cannot_see_another(published):
    _area, other = published
    coordinator = _public_user("regional_coordinator", [other])
    client = _client(coordinator)
    assert client.get("/koordinaattori/", {"alue": "test_area"}).status_code == 404
    assert client.get("/koordinaattori/vienti.csv", {"alue": "test_area"}).status_code == 404
    response = client.get("/koordinaattori/")
    assert response.status_code == 200
    assert response.context["region"] == other
    assert "Testikunta A" not in response.content.decode()
    assert response.context["rows"][1] == ["Testikunta B", "77", "0", "0", "0", "0"]
    # Without any area a coordinator sees nothing at all.
    nobody = _client(_public_user("regional_coordinator"))
    assert nobody.get("/koordinaattori/").context["region"] is None
    assert nobody.get("/koordinaattori/", {"alue": "other_area"}).status_code == 404


def test_operator_sees_every_area_and_others_are_refused(published):
    operator = _public_user("platform_operator")
    response = _client(operator).get("/koordinaattori/", {"alue": "other_area"})
    assert response.status_code == 200
    assert response.context["rows"][1][:2] == ["Testikunta B", "77"]
    assert {r.slug for r in response.context["regions"]} >= {"test_area", "other_area"}
    anonymous = Client(HTTP_HOST=PUBLIC_HOST).get("/koordinaattori/")
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]


def test_only_coordinators_get_areas(published):
    from django.core.exceptions import ValidationError

    area, _other = published
    operator = _public_user("platform_operator")
    with pytest.raises(ValidationError):
        coordinator_regions_set(actor=None, user=operator, regions=[area])
    coordinator = _public_user("regional_coordinator", [area])
    coordinator_regions_set(actor=operator, user=coordinator, regions=[])
    assert not CoordinatorRegion.objects.filter(user=coordinator).exists()


QUERY = {"alue": "test_area", "metric": "starts", "period": "2026"}


def test_csv_and_xlsx_exports_hold_the_table_and_defuse_formulas(published, tenants):
    area, _other = published
    Municipality.objects.filter(pk=tenants.b.pk).update(name='=HYPERLINK("x")')
    client = _client(_public_user("regional_coordinator", [area]))

    response = client.get("/koordinaattori/vienti.csv", QUERY)
    assert response.status_code == 200
    assert 'filename="vertailu-test_area-2026.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["Municipality", "2026"]
    assert ['\'=HYPERLINK("x")', "10", "–", "–", "10", "0"] in rows
    assert ["Testikunta A", "20", "12", "8", "0", "0"] in rows
    assert rows[-2][:3] == ["Employment area, total", "30", "at least 12"]

    response = client.get("/koordinaattori/vienti.xlsx", QUERY)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0].startswith("Testialue: Periods started, 2026")
    assert ["Testikunta A", "20", "12", "8", "0", "0"] in values
    assert any(row[0] == '\'=HYPERLINK("x")' for row in values)
    assert all(
        not (isinstance(v, str) and v.startswith(("=", "+", "@"))) for row in values for v in row
    )


def test_pdf_report_shows_the_real_figures(published):
    area, _other = published
    client = _client(_public_user("regional_coordinator", [area]))
    response = client.get("/koordinaattori/vienti.pdf", QUERY)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Testialue" in text
    assert "Testikunta A 20 12 8 0 0" in " ".join(text.split())
    assert "at least 12" in text
    assert "15.00" in text
    assert reader.metadata.title.startswith("Comparison of municipalities")


def test_municipality_sees_itself_against_the_area(published, tenants, make_user, client_for):
    coach = make_user(tenants.a, role="work_coach")
    response = client_for(tenants.a, coach).get(
        "/vertailu/", {"metric": "starts", "period": "2026"}, **EN
    )
    assert response.status_code == 200
    rows = response.context["rows"]
    assert rows[0] == ("2026", "20", "15.00")
    assert rows[1] == ("2026-Q1", "12", "12.00")  # B's Q1 is hidden: the mean is over A alone
    assert "<svg" in response.content.decode()
    supervisor = make_user(tenants.a, role="unit_supervisor")
    assert client_for(tenants.a, supervisor).get("/vertailu/").status_code == 403


def test_admin_chooses_to_take_part(tenants, make_user, client_for):
    admin = make_user(tenants.a, role="tenant_admin")
    client = client_for(tenants.a, admin)
    assert client.get("/asetukset/vertailu/").status_code == 200
    response = client.post("/asetukset/vertailu/", {"participates": "on"})
    assert response.status_code == 302
    connection.set_schema_to_public()
    assert Participation.objects.get(municipality=tenants.a).participates is True
    client.post("/asetukset/vertailu/", {})
    assert Participation.objects.get(municipality=tenants.a).participates is False
    coach = make_user(tenants.a, role="work_coach")
    assert client_for(tenants.a, coach).post("/asetukset/vertailu/", {}).status_code == 403


def test_operators_follow_the_runs_and_failures(published, tenants):
    from benchmarking.models import RunMunicipality

    area, _other = published
    run = Run.objects.create(years=[2026], status="done_with_failures", finished_at=timezone.now())
    RunMunicipality.objects.create(run=run, municipality=tenants.a, status="done", seconds=1.25)
    RunMunicipality.objects.create(
        run=run, municipality=tenants.b, status="failed", error="ProgrammingError", seconds=0.5
    )
    response = _client(_public_user("platform_operator")).get("/koordinaattori/ajot/")
    assert response.status_code == 200
    body = response.content.decode()
    assert f"Run {run.pk}" in body
    assert "Done with failures" in body
    assert "ProgrammingError" in body
    assert "1.25" in body
    coordinator = _client(_public_user("regional_coordinator", [area]))
    assert coordinator.get("/koordinaattori/ajot/").status_code == 403


def test_operators_choose_a_coordinators_areas_on_a_screen(published, tenants):
    area, other = published
    coordinator = _public_user("regional_coordinator", [area])
    operator = _client(_public_user("platform_operator"))
    page = operator.get("/koordinaattori/alueet/")
    assert page.status_code == 200
    body = page.content.decode()
    assert coordinator.email in body
    assert f'name="c{coordinator.pk}-regions" value="{area.pk}"' in body
    response = operator.post(
        f"/koordinaattori/alueet/{coordinator.pk}/", {f"c{coordinator.pk}-regions": [other.pk]}
    )
    assert response.status_code == 302
    assert list(
        CoordinatorRegion.objects.filter(user=coordinator).values_list("region", flat=True)
    ) == [other.pk]
    # The coordinator now compares the other area only.
    assert area.name not in _client(coordinator).get("/koordinaattori/").content.decode()


def test_bad_area_choices_and_wrong_accounts_are_refused(published, tenants):
    area, _other = published
    coordinator = _public_user("regional_coordinator", [area])
    operator = _client(_public_user("platform_operator"))
    bad = operator.post(
        f"/koordinaattori/alueet/{coordinator.pk}/", {f"c{coordinator.pk}-regions": ["999999"]}
    )
    assert bad.status_code == 400
    assert "Select a valid choice" in bad.content.decode()
    assert CoordinatorRegion.objects.filter(user=coordinator, region=area).exists()
    # Another operator's account is not a coordinator: no such row on the screen.
    assert operator.post("/koordinaattori/alueet/999999/", {}).status_code == 404
    assert _client(coordinator).get("/koordinaattori/alueet/").status_code == 403
