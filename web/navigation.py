"""The main navigation: each role sees the pages the permission layer lets it use, no more."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.permissions import can


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str | Promise
    action: str  # shown only to users who may perform it
    primary: bool = False  # in the bar itself; the rest under "More", so a phone shows the page
    # Hidden from those who may do any of these (a trainee's or a supervisor's own pages
    # replace it).
    unless: tuple[str, ...] = ()


# The actions of roles with pages of their own instead of the staff front page.
TRAINEE_PAGES = ("self.view",)
OWN_PAGES = (*TRAINEE_PAGES, "placement.feedback")

NAV_ITEMS = (
    # A trainee's own pages (/oma/): few, short and all in the bar.
    NavItem("self_home", _("My pages"), "self.view", primary=True),
    NavItem("self_days", _("My days"), "self.view", primary=True),
    NavItem("self_diary", _("My diary"), "self.view", primary=True),
    NavItem("self_goals", _("My goals"), "self.view", primary=True),
    # The unit supervisor's own pages (web/supervisor_views.py).
    NavItem("supervisor_home", _("My placed trainees"), "placement.feedback", primary=True),
    NavItem("supervisor_work_orders", _("Unit's work orders"), "work_order.unit", primary=True),
    NavItem("today", _("Today"), "daily_log.record", primary=True),
    NavItem("dashboard", _("Dashboard"), "coaching.staff", primary=True),
    NavItem("trainee_list", _("Trainees"), "trainee.list", primary=True),
    NavItem("referral_list", _("Referrals"), "referral.view", primary=True),
    NavItem("activity_list", _("Activities"), "activity.manage"),
    # The staff's group overview; a trainee's own assessments are on their own pages.
    NavItem("capacity_overview", _("Work capacity"), "capacity.view", unless=TRAINEE_PAGES),
    NavItem("home", _("Front page"), "dashboard.view", primary=True, unless=OWN_PAGES),
    NavItem("task_catalogue", _("Task catalogue"), "catalogue.view", unless=TRAINEE_PAGES),
    NavItem("work_order_list", _("Work orders"), "work_order.manage"),
    NavItem("equipment_list", _("Equipment and lockers"), "equipment.list"),
    NavItem("brand_settings", _("Appearance"), "configuration.change"),
    NavItem("integration_settings", _("Integrations"), "integration.manage"),
    NavItem("benchmark_own", _("Against the region"), "benchmarking.own.view"),
    NavItem(
        "benchmark_participation",
        _("Benchmarking participation"),
        "benchmarking.participation.change",
    ),
    # The setup checklist and its screens; the Django admin stays the operators' support tool
    # and is never linked from the app.
    NavItem("setup_checklist", _("Setup"), "configuration.change"),
    NavItem(
        "competence_recognition_list",
        _("Learning environments"),
        "competence.environment.manage",
    ),
    # The trainee's own documents and data (web.self_documents_views).
    NavItem("self_assessment", _("My self-assessment"), "self.documents.view"),
    NavItem("self_competence", _("My competence"), "self.documents.view"),
    NavItem("self_documents", _("My documents"), "self.documents.view"),
    NavItem("self_data", _("My data"), "self.documents.view"),
)

# The public host's pages (operators and regional coordinators).
PUBLIC_NAV_ITEMS = (
    NavItem("coordinator_overview", _("Comparison of municipalities"), "benchmarking.compare"),
    NavItem("operator_runs", _("Benchmarking runs"), "benchmarking.run.view"),
    NavItem("coordinator_regions", _("Coordinators' areas"), "benchmarking.coordinator.assign"),
    NavItem("admin:index", _("Administration"), "benchmarking.region.configure"),
)


# Roles with this many pages or fewer (trainees, supervisors) see them all in the bar.
PRIMARY_ALWAYS = 5


@dataclass(frozen=True)
class NavLink:
    url: str
    label: str | Promise
    current: bool
    primary: bool = True


def navigation_for(user, path: str) -> list[NavLink]:
    """The links ``user`` may follow, the one for ``path`` marked current."""
    items = [
        (reverse(item.url_name), item)
        for item in NAV_ITEMS
        if can(user, item.action) and not any(can(user, action) for action in item.unless)
    ]
    # The longest matching URL is the current one (/oma/paivat/ under /oma/).
    matching = [
        url for url, _item in items if (path == url if url == "/" else path.startswith(url))
    ]
    current = max(matching, key=len, default=None)
    links = [
        NavLink(url=url, label=item.label, current=url == current, primary=item.primary)
        for url, item in items
    ]
    if len(links) <= PRIMARY_ALWAYS:  # a short menu needs no "More"
        links = [NavLink(url=link.url, label=link.label, current=link.current) for link in links]
    return links


def public_navigation_for(user, path: str) -> list[NavLink]:
    """The public host's links ``user`` may follow (``can`` grants PUBLIC scope only there)."""
    items = [(reverse(item.url_name), item) for item in PUBLIC_NAV_ITEMS if can(user, item.action)]
    # The longest matching URL is the current one (/koordinaattori/ajot/ under /koordinaattori/).
    current = max((url for url, _item in items if path.startswith(url)), key=len, default=None)
    return [NavLink(url=url, label=item.label, current=url == current) for url, item in items]
