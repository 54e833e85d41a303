"""Take desktop and phone screenshots of every screen of the running demo into docs/screens/.

Start the demo first (`make run`), then:

    .venv/bin/python scripts/screenshots.py [--base http://joensuu.localhost:8000]

Each screen is shown as the role that uses it, signed in with the demo logins that
`make run` prints. Needs Chromium (Debian package `chromium`) and Playwright (test extras).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screens"
DEMO_PASSWORD = "valmo-demo-2026"  # noqa: S105 - printed by `make run`; demo data only
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}

# (file name, path, who looks at it: a demo login's local part, or None for signed out,
# and optionally links to follow in turn from that path: pages whose URL holds an id)
SCREENS: list[tuple] = [
    ("sign-in", "/accounts/login/", None),
    ("today", "/tanaan/", "valmentaja"),
    ("dashboard", "/tyopoyta/", "valmentaja"),
    ("dashboard-tenant-admin", "/tyopoyta/", "admin"),
    ("today-tenant-admin", "/tanaan/", "admin"),
    ("appearance-tenant-admin", "/asetukset/ulkoasu/", "admin"),
    ("integrations-tenant-admin", "/asetukset/rajapinta/", "admin"),
    ("referrals", "/lahetteet/", "valmentaja"),
    ("front-page", "/", "valmentaja"),
    ("task-catalogue", "/tehtavat/", "valmentaja"),
    ("front-page-career-agent", "/", "uraagentti"),
    ("front-page-tenant-admin", "/", "admin"),
    ("trainees", "/valmentautujat/", "valmentaja"),
    ("trainee", "/valmentautujat/?phase=coaching", "valmentaja", "a.trainee-card__name"),
    ("trainee-tenant-admin", "/valmentautujat/?phase=coaching", "admin", "a.trainee-card__name"),
    ("referral", "/lahetteet/", "valmentaja", ".referral-list__name a"),
    (
        "period-actions",
        "/valmentautujat/?phase=coaching",
        "valmentaja",
        "a.trainee-card__name",
        "a.period-actions-link",
    ),
    ("goal-review", "/tyopoyta/", "valmentaja", "a[href$='/arvio/']"),
    ("goals", "/tyopoyta/", "valmentaja", "a[href$='/arvio/']", "a[href*='/tavoitteet/']"),
    (
        "goal-edit",
        "/tyopoyta/",
        "valmentaja",
        "a[href$='/arvio/']",
        "a[href*='/tavoitteet/']",
        "a[href$='/muokkaa/']",
    ),
    ("activities", "/ryhmatoiminnot/", "valmentaja"),
    ("activity-new", "/ryhmatoiminnot/uusi/", "valmentaja"),
    ("activity-attendance", "/ryhmatoiminnot/", "valmentaja", ".activity h2 a"),
    ("work-orders", "/tyotilaukset/", "valmentaja"),
    ("work-order", "/tyotilaukset/?status=in_progress", "valmentaja", "a.trainee-card__name"),
    ("work-order-new", "/tyotilaukset/uusi/", "valmentaja"),
    ("equipment", "/varusteet/", "valmentaja"),
    ("trainee-equipment", "/varusteet/", "valmentaja", "#equipment-out ~ ul a"),
    ("capacity", "/toimintakyky/", "valmentaja"),
    ("capacity-trajectory", "/toimintakyky/", "valmentaja", ".capacity-group h2 a"),
    (
        "capacity-entry",
        "/toimintakyky/",
        "valmentaja",
        ".capacity-group h2 a",
        ".capacity-entries a",
    ),
    # The competence page of the demo's ended period (its ticks and issued certificate).
    (
        "competence",
        "/valmentautujat/?phase=ended",
        "admin",
        "a.trainee-card__name",
        "a[href$='/osaaminen/']",
    ),
    # Benchmarking: the municipality against its area, the admin's participation choice, and
    # the regional coordinator's comparison on the public host ("public:" paths and logins).
    ("benchmark-own", "/vertailu/", "valmentaja"),
    ("benchmark-participation-tenant-admin", "/asetukset/vertailu/", "admin"),
    ("benchmark-coordinator", "public:/koordinaattori/", "public:koordinaattori"),
    (
        "benchmark-coordinator-rate",
        "public:/koordinaattori/?metric=attendance_rate&period=2026&breakdown=all:all",
        "public:koordinaattori",
    ),
    ("benchmark-runs-operator", "public:/koordinaattori/ajot/", "public:operaattori"),
    ("coordinator-regions-operator", "public:/koordinaattori/alueet/", "public:operaattori"),
    # Onboarding (docs/web.md "Onboarding"): the setup checklist and its screens, and on the
    # public host ("public:" logins) the operator's pages and the public request form.
    ("setup-checklist-tenant-admin", "/kayttoonotto/", "admin"),
    ("setup-sites-tenant-admin", "/asetukset/toimipisteet/", "admin"),
    ("setup-coaching-settings-tenant-admin", "/asetukset/valmennus/", "admin"),
    ("setup-partners-tenant-admin", "/asetukset/kumppanit/", "admin"),
    ("setup-statuses-tenant-admin", "/asetukset/osallistumismuodot/", "admin"),
    ("setup-service-forms-tenant-admin", "/asetukset/palvelumuodot/", "admin"),
    ("setup-instruments-tenant-admin", "/asetukset/arviointimittarit/", "admin"),
    ("import-tenant-admin", "/asetukset/tuonti/", "admin"),
    # The task catalogue's setup screens: the catalogue, a task (followed from the list) and
    # the difficulty levels.
    ("catalogue-tenant-admin", "/asetukset/tehtavat/", "admin"),
    ("catalogue-task-tenant-admin", "/asetukset/tehtavat/", "admin", ".catalogue-list a"),
    ("catalogue-levels-tenant-admin", "/asetukset/tehtavat/tasot/", "admin"),
    ("operator-municipalities", "public:/operaattori/", "public:operaattori"),
    ("operator-municipality-new", "public:/operaattori/kunnat/uusi/", "public:operaattori"),
    ("onboarding-request", "public:/liity/", None),
    # The ended period's finalised and delivered final summary, its interim reports and the
    # page a closed or unknown delivery link shows (a real link's token is never stored).
    (
        "final-summary",
        "/valmentautujat/?phase=ended",
        "valmentaja",
        "a.trainee-card__name",
        "a[href$='/loppukooste/']",
    ),
    (
        "interim-reports",
        "/valmentautujat/?phase=ended",
        "valmentaja",
        "a.trainee-card__name",
        "a[href$='/valiraportit/']",
    ),
    ("delivery-link-closed", "/toimitus/esimerkki/", None),
    # Competence configuration and the data-subject export.
    ("learning-environments", "/oppimisymparistot/", "admin"),
    ("learning-environment", "/oppimisymparistot/", "admin", ".dash-card h2 a"),
    ("learning-environment-new", "/oppimisymparistot/uusi/", "admin", "form.dash-card button"),
    ("task-requirements", "/tehtavien-osaaminen/", "admin"),
    (
        "task-requirement-mapping",
        "/tehtavien-osaaminen/",
        "admin",
        ".requirement a",
        "form.filter-form button",
    ),
    ("qualification-frameworks", "/tutkinnot/", "admin"),
    ("qualification-framework", "/tutkinnot/", "admin", ".dash-card h2 a"),
    (
        "data-subject-export",
        "/valmentautujat/?phase=ended",
        "admin",
        "a.trainee-card__name",
        "a[href$='/tietopyynto/']",
    ),
    # The unit supervisor's pages (docs/web.md "Unit supervisors' pages"), and the coach
    # reading the placement feedback on the placed trainee's page.
    ("supervisor-trainees", "/yksikko/", "esihenkilo"),
    ("supervisor-trainee", "/yksikko/", "esihenkilo", "a.trainee-card__name"),
    (
        "supervisor-rating",
        "/yksikko/",
        "esihenkilo",
        "a.trainee-card__name",
        ".capacity-entries a",
    ),
    ("supervisor-work-orders", "/yksikko/tyotilaukset/", "esihenkilo"),
    ("supervisor-work-order-new", "/yksikko/tyotilaukset/uusi/", "esihenkilo"),
    ("supervisor-work-order", "/yksikko/tyotilaukset/", "esihenkilo", "a.trainee-card__name"),
    (
        "trainee-placement-feedback-tenant-admin",
        "/valmentautujat/?phase=continued_coaching",
        "admin",
        "a.trainee-card__name",
    ),
    # The trainee's own pages (web/self_documents_views.py).
    ("self-assessment", "/oma/arviointi/", "valmentautuja"),
    ("self-assessment-fill", "/oma/arviointi/", "valmentautuja", ".self-page .hds-button"),
    ("self-competence", "/oma/osaaminen/", "valmentautuja"),
    ("self-documents", "/oma/asiakirjat/", "valmentautuja"),
    ("self-report", "/oma/asiakirjat/", "valmentautuja", "a[href*='/oma/asiakirjat/raportit/']"),
    ("self-data", "/oma/tietoni/", "valmentautuja"),
    # The trainee's own pages (/oma/), as the demo trainee, and the coach's side of them.
    ("self-home-trainee", "/oma/", "valmentautuja"),
    ("self-days-trainee", "/oma/paivat/", "valmentautuja"),
    ("self-diary-trainee", "/oma/paivakirja/", "valmentautuja"),
    ("self-diary-new-trainee", "/oma/paivakirja/uusi/", "valmentautuja"),
    ("self-goals-trainee", "/oma/tavoitteet/", "valmentautuja"),
    (
        "trainee-account",
        "/valmentautujat/?phase=coaching",
        "valmentaja",
        "a.trainee-card__name",
        "a.account-link",
    ),
    (
        "trainee-diary",
        # The demo trainee with the shared and answered diary (Joensuu's demo).
        "/valmentautujat/?phase=coaching&q=Sami",
        "valmentaja",
        "a.trainee-card__name",
        "a.diary-link",
    ),
]
PUBLIC = "public:"  # a path or login of the public host (the demo's base domain)


def _public_base(base: str) -> str:
    """http://joensuu.localhost:8000 -> http://localhost:8000 (the base domain)."""
    parts = urlsplit(base)
    host = (parts.hostname or "").split(".", 1)[-1]
    return f"{parts.scheme}://{host}:{parts.port}" if parts.port else f"{parts.scheme}://{host}"


def _chromium() -> str:
    found = (shutil.which("chromium"), shutil.which("chromium-browser"))
    for candidate in ("/usr/bin/chromium", *found):
        if candidate and Path(candidate).exists():
            return candidate
    sys.exit("Chromium is not installed (Debian package: chromium).")


def _sign_in(page, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    # A tenant admin lands on the setup checklist until the setup is ready; an operator in
    # the admin.
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://joensuu.localhost:8000", help="the demo's URL")
    parser.add_argument("--password", default=DEMO_PASSWORD)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--only", nargs="*", help="screen names to take (default: all)")
    args = parser.parse_args()
    base = args.base.rstrip("/")
    domain = urlsplit(base).hostname
    args.out.mkdir(parents=True, exist_ok=True)

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=_chromium(),
            args=["--host-resolver-rules=MAP *.localhost 127.0.0.1", "--no-sandbox"],
        )
        # One sign-in per login, its session reused for every screen: signing in once per
        # screen runs into the sign-in rate limit, as it would for a person.
        sessions: dict[str, dict] = {}
        for name, path, login, *follow in SCREENS:
            if args.only and name not in args.only:
                continue
            if login is not None and login not in sessions:
                context = browser.new_context(locale="fi-FI")
                page = context.new_page()
                if login.startswith(PUBLIC):  # a public-host account of the base domain
                    public = _public_base(base)
                    local = login.removeprefix(PUBLIC)
                    _sign_in(page, public, f"{local}@{urlsplit(public).hostname}", args.password)
                else:
                    _sign_in(page, base, f"{login}@{domain}", args.password)
                sessions[login] = context.storage_state()
                context.close()
            for label, viewport in VIEWPORTS.items():
                context = browser.new_context(
                    viewport=viewport,
                    locale="fi-FI",
                    storage_state=sessions[login] if login is not None else None,
                )
                page = context.new_page()
                if path.startswith(PUBLIC):
                    page.goto(f"{_public_base(base)}{path.removeprefix(PUBLIC)}")
                else:
                    page.goto(f"{base}{path}")
                for selector in follow:  # links to follow, one page after another
                    page.locator(selector).first.click()
                    page.wait_for_load_state()
                page.wait_for_load_state("networkidle")
                # A full-page picture would show the sticky save bar in mid-page: put it last.
                page.evaluate(
                    "document.querySelectorAll('.save-bar')"
                    ".forEach(bar => { bar.style.position = 'static'; })"
                )
                target = args.out / f"{name}-{label}.png"
                page.screenshot(path=str(target), full_page=True)
                print(f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
                context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
