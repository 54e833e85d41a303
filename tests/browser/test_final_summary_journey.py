"""Draft the final summary → co-author → finalise → deliver → the case manager opens the link
with the code → the tenant admin sees that read in the trainee's access log ("who has handled
this trainee's data")."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from .competence_data import build_competence
from .conftest import _user, build_group, phone_checks, sign_in

pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.django_db]

RECIPIENT = "asiakasvastaava-journey@te.example"


@pytest.fixture(scope="module")
def group(web_tenant, django_db_blocker):
    from django.db import connection

    with django_db_blocker.unblock():
        group = build_group(web_tenant, size=1, label="summary")
        build_competence(web_tenant, group)
        connection.set_tenant(web_tenant)
        try:
            group.agent_email = _user("agent-summary@test-web.example.fi", "career_agent").email
            group.admin_email = _user("admin-summary@test-web.example.fi", "tenant_admin").email
            from coaching.models import CoachingPeriod

            CoachingPeriod.objects.filter(pk__in=group.period_ids).update(
                career_agent=_user("agent-summary@test-web.example.fi", "career_agent")
            )
        finally:
            connection.set_schema_to_public()
        return group


@pytest.fixture(scope="module")
def base(web_tenant, server_port):
    return f"http://{web_tenant.host}:{server_port}"


def _link_from_mail(mail_dir: Path) -> str:
    """The delivery link from the file-based mail of the test server (the newest match)."""
    files = sorted(mail_dir.glob("*.log"), key=lambda p: p.stat().st_mtime)
    for path in reversed(files):
        text = path.read_text(encoding="utf-8", errors="replace")
        if RECIPIENT in text and "/toimitus/" in text:
            return re.findall(r"https?://\S+/toimitus/[\w-]+/", text)[-1]
    raise AssertionError("no delivery mail found")


def test_final_summary_from_draft_to_the_case_managers_read(new_page, base, group, server_mail_dir):
    from pypdf import PdfReader

    (period_id,) = group.period_ids
    coach = new_page()
    # Finalising renders the PDF in the request here (the test server runs tasks eagerly; in
    # production a worker does), which can be slow on a loaded machine.
    coach.set_default_timeout(120_000)
    sign_in(coach, base, group.coach_email)
    coach.goto(f"{base}/valmentautujat/")
    coach.click(f"a.trainee-card__name >> text={group.trainee_names[0]}")
    coach.wait_for_url("**/valmentautujat/*/**")
    coach.click("a >> text=Loppukooste")
    coach.wait_for_url(f"**/jaksot/{period_id}/loppukooste/")
    phone_checks(coach)
    coach.click("button >> text=Aloita loppukooste")
    coach.wait_for_url(f"**/jaksot/{period_id}/loppukooste/")
    coach.fill("#id_work_capacity", "Jaksaa kuuden tunnin työpäivät.")
    coach.fill("#id_functional_capacity", "Oppii uudet tehtävät nopeasti.")
    coach.click("button >> text=Tallenna tekstit")
    coach.wait_for_url(f"**/jaksot/{period_id}/loppukooste/")
    assert "Tekstit on tallennettu." in coach.content()
    phone_checks(coach)

    agent = new_page()  # the career agent co-authors the recommendations
    sign_in(agent, base, group.agent_email)
    agent.goto(f"{base}/jaksot/{period_id}/loppukooste/")
    agent.fill("#id_recommendations", "Suositellaan palkkatukityötä kiinteistöhuollossa.")
    agent.fill("#id_work_unit_input", "Yksikkö: täsmällinen ja luotettava.")
    agent.click("button >> text=Tallenna tekstit")
    agent.wait_for_url(f"**/jaksot/{period_id}/loppukooste/")

    coach.reload()
    coach.click("button >> text=Kirjaa henkilökohtaisesti annettu kuittaus")
    coach.wait_for_url(f"**/jaksot/{period_id}/loppukooste/")
    assert "Kuittaus on kirjattu." in coach.content()
    coach.check("#id_confirm")
    coach.click("button >> text=Viimeistele versio")
    coach.wait_for_url(f"**/jaksot/{period_id}/loppukooste/")
    coach.wait_for_selector("a >> text=Lataa PDF")
    phone_checks(coach)
    with coach.expect_download() as download_info:
        coach.click("a >> text=Lataa PDF")
    pdf = download_info.value.path().read_bytes()
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Suositellaan palkkatukityötä kiinteistöhuollossa." in re.sub(r"\s+", " ", text)

    coach.fill("#id_recipient_name", "Anna Asiakasvastaava")
    coach.fill("#id_recipient_email", RECIPIENT)
    coach.click("button >> text=Lähetä")
    coach.wait_for_url(f"**/jaksot/{period_id}/loppukooste/")
    notice = coach.locator(".delivery-code").inner_text()
    code = re.search(r"\d{8}", notice).group(0)
    phone_checks(coach)

    link = _link_from_mail(server_mail_dir)
    path = "/" + link.split("/", 3)[3]
    manager = new_page()  # no sign-in: the link and the code
    manager.goto(f"{base}{path}")
    assert "Syötä koodi" in manager.content()
    phone_checks(manager)
    manager.fill("#id_code", code)
    manager.click("button >> text=Avaa asiakirja")
    manager.wait_for_selector("a >> text=Lataa PDF")
    phone_checks(manager)
    with manager.expect_download() as download_info:
        manager.click("a >> text=Lataa PDF")
    assert download_info.value.path().read_bytes().startswith(b"%PDF")

    admin = new_page()
    sign_in(admin, base, group.admin_email)
    admin.goto(f"{base}/valmentautujat/")
    admin.click(f"a.trainee-card__name >> text={group.trainee_names[0]}")
    admin.wait_for_url("**/valmentautujat/*/**")
    handled = admin.locator("section[aria-labelledby=handled]").inner_text()
    assert "Luovutus" in handled  # the case manager's open and download, action "deliver"

    coach.click("button >> text=Peru linkki")
    coach.wait_for_url(f"**/jaksot/{period_id}/loppukooste/")
    manager.goto(f"{base}{path}")
    assert "Linkki on peruttu" in manager.content()
    assert group.trainee_names[0] not in manager.content()
    phone_checks(manager)
