"""A regional coordinator compares the area's municipalities on the public host, on a phone:
signs in, picks the area and figure, reads the chart and its table, downloads CSV, XLSX and
PDF. The municipality's own comparison page and the participation setting are checked too."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.db import connection
from openpyxl import load_workbook
from pypdf import PdfReader

from .conftest import PASSWORD, nav_click, phone_checks, user_ensure

pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.django_db]

COORDINATOR = "koordinaattori@test.example.fi"


@pytest.fixture(scope="module")
def published(web_tenant, tenants, django_db_blocker):
    """A committed run that published the web municipality and B (snapshots are permanent)."""
    from allauth.account.models import EmailAddress
    from django.utils import timezone

    from accounts.models import User
    from benchmarking.models import Run, Snapshot, SnapshotCell
    from benchmarking.services import coordinator_regions_set
    from tenants.models import Region

    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        area = Region.objects.get(slug="test_area")
        coordinator = User.objects.filter(email=COORDINATOR).first()
        if coordinator is None:
            coordinator = User.objects.create_user(
                email=COORDINATOR, password=PASSWORD, role="regional_coordinator"
            )
            EmailAddress.objects.create(
                user=coordinator, email=COORDINATOR, primary=True, verified=True
            )
        coordinator_regions_set(actor=None, user=coordinator, regions=[area])
        run = Run.objects.create(years=[2026], status="done", finished_at=timezone.now())
        figures = {web_tenant: (40, 25, 15, Decimal("0.850")), tenants.b: (18, None, None, None)}
        for municipality, (year, q1, q2, rate) in figures.items():
            snapshot = Snapshot.objects.create(run=run, municipality=municipality, region=area, k=7)
            rows = [
                ("starts", "2026", year),
                ("starts", "2026-Q1", q1),
                ("starts", "2026-Q2", q2),
                ("attending_trainees", "2026", year),
                ("attendance_rate", "2026", rate),
            ]
            SnapshotCell.objects.bulk_create(
                SnapshotCell(
                    snapshot=snapshot,
                    metric=metric,
                    period=period,
                    dimension="all",
                    category="all",
                    count=figure if isinstance(figure, int) else None,
                    value=figure if isinstance(figure, Decimal) else None,
                    suppressed=figure is None,
                )
                for metric, period, figure in rows
            )
    return run


@pytest.fixture(scope="module")
def public_base(server_port):
    return f"http://localhost:{server_port}"


def test_a_coordinator_compares_and_downloads(new_page, public_base, published, web_tenant):
    page = new_page()
    page.goto(f"{public_base}/accounts/login/")
    page.fill("input[name=login]", COORDINATOR)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{public_base}/koordinaattori/")
    phone_checks(page)

    page.select_option("#id_alue", "test_area")
    page.select_option("#id_metric", "starts")
    page.select_option("#id_period", "2026")
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#chart-municipalities-title").count() == 1
    table = page.locator("#comparison-table")
    web_row = table.locator("tr", has_text=web_tenant.name)
    assert web_row.locator("td").all_inner_texts()[:3] == ["40", "25", "15"]
    b_row = table.locator("tr", has_text="Testikunta B")
    assert b_row.locator("td").all_inner_texts()[:3] == ["18", "–", "–"]
    total = table.locator("tr", has_text="yhteensä").locator("td").all_inner_texts()
    assert total[:2] == ["58", "vähintään 25"]
    phone_checks(page)

    with page.expect_download() as csv_download:
        page.click("text=CSV")
    with open(csv_download.value.path(), encoding="utf-8-sig") as handle:
        text = handle.read()
    assert f"{web_tenant.name};40;25;15" in text
    with page.expect_download() as xlsx_download:
        page.click("text=XLSX")
    with open(xlsx_download.value.path(), "rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read())).active
    assert [web_tenant.name, "40", "25", "15"] in [
        [cell.value for cell in row][:4] for row in sheet.iter_rows()
    ]
    with page.expect_download() as pdf_download:
        page.click("text=PDF")
    with open(pdf_download.value.path(), "rb") as handle:
        pdf_text = " ".join(
            " ".join(p.extract_text() for p in PdfReader(io.BytesIO(handle.read())).pages).split()
        )
    assert f"{web_tenant.name} 40 25 15" in pdf_text

    # A rate: the area's average is weighted by the published base counts only.
    page.select_option("#id_metric", "attendance_rate")
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state()
    average = table.locator("tr", has_text="keskiarvo").locator("td").all_inner_texts()
    assert average[0] == "0,85"


@pytest.fixture(scope="module")
def staff(web_tenant, django_db_blocker):
    """Committed, so the server process sees them."""
    with django_db_blocker.unblock():
        return (
            user_ensure(web_tenant, "vertailu@test-web.example.fi", "work_coach"),
            user_ensure(web_tenant, "vertailu-admin@test-web.example.fi", "tenant_admin"),
        )


def test_the_municipality_against_its_area(new_page, published, staff, web_tenant, server_port):
    from .conftest import sign_in

    base = f"http://{web_tenant.host}:{server_port}"
    coach, admin = staff
    page = new_page()
    sign_in(page, base, coach)
    nav_click(page, "Vertailu alueeseen")
    page.wait_for_url(f"{base}/vertailu/")
    rows = page.locator("#own-table tbody tr")
    assert rows.first.locator("td").all_inner_texts() == ["40", "29,00"]
    phone_checks(page)

    page = new_page()
    sign_in(page, base, admin)
    nav_click(page, "Vertailuun osallistuminen")
    page.wait_for_url(f"{base}/asetukset/vertailu/")
    phone_checks(page)
    page.check("#id_participates")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/asetukset/vertailu/")
    assert page.locator("#id_participates").is_checked()


@pytest.fixture(scope="module")
def operator(django_db_blocker):
    from allauth.account.models import EmailAddress

    from accounts.models import User

    email = "operaattori-ajot@test.example.fi"
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        if not User.objects.filter(email=email).exists():
            user = User.objects.create_user(
                email=email, password=PASSWORD, role="platform_operator", is_staff=True
            )
            EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    return email


def test_an_operator_follows_the_runs(new_page, public_base, published, operator):
    page = new_page()
    page.goto(f"{public_base}/accounts/login/")
    page.fill("input[name=login]", operator)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)  # the Django admin
    page.console_errors.clear()  # only this page's messages count below
    page.goto(f"{public_base}/koordinaattori/ajot/")
    assert page.locator(f"#run-{published.pk}").count() == 1
    phone_checks(page)


def test_an_operator_chooses_a_coordinators_areas(new_page, public_base, published, operator):
    from accounts.models import User
    from benchmarking.models import CoordinatorRegion
    from benchmarking.services import coordinator_regions_set
    from tenants.models import Region

    connection.set_schema_to_public()
    coordinator = User.objects.get(email=COORDINATOR)
    area = Region.objects.get(slug="test_area")
    other = Region.objects.get(slug="other_area")
    page = new_page()
    page.goto(f"{public_base}/accounts/login/")
    page.fill("input[name=login]", operator)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.console_errors.clear()
    page.goto(f"{public_base}/koordinaattori/alueet/")
    phone_checks(page)
    section = page.locator(f"section[aria-labelledby='coordinator-{coordinator.pk}']")
    section.locator(f"input[value='{other.pk}']").check()
    section.locator("button[type=submit]").click()
    page.wait_for_url(f"{public_base}/koordinaattori/alueet/")
    assert page.locator(".hds-notification, [role=status]").first.is_visible()
    try:
        chosen = set(
            CoordinatorRegion.objects.filter(user=coordinator).values_list("region", flat=True)
        )
        assert chosen == {area.pk, other.pk}
    finally:
        coordinator_regions_set(actor=None, user=coordinator, regions=[area])
