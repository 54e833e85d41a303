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


NAV_ITEMS = (
    NavItem("today", _("Today"), "daily_log.record"),
    NavItem("dashboard", _("Dashboard"), "coaching.staff"),
    NavItem("trainee_list", _("Trainees"), "trainee.list"),
    NavItem("referral_list", _("Referrals"), "referral.view"),
    NavItem("activity_list", _("Activities"), "activity.manage"),
    NavItem("capacity_overview", _("Work capacity"), "capacity.view"),
    NavItem("home", _("Front page"), "dashboard.view"),
    NavItem("task_catalogue", _("Task catalogue"), "catalogue.view"),
    NavItem("work_order_list", _("Work orders"), "work_order.manage"),
    NavItem("equipment_list", _("Equipment and lockers"), "equipment.list"),
    NavItem("brand_settings", _("Appearance"), "configuration.change"),
    NavItem("admin:index", _("Administration"), "configuration.change"),
)


@dataclass(frozen=True)
class NavLink:
    url: str
    label: str | Promise
    current: bool


def navigation_for(user, path: str) -> list[NavLink]:
    """The links ``user`` may follow, the one for ``path`` marked current."""
    links = []
    for item in NAV_ITEMS:
        if not can(user, item.action):
            continue
        url = reverse(item.url_name)
        current = path == url if url == "/" else path.startswith(url)
        links.append(NavLink(url=url, label=item.label, current=current))
    return links
