from __future__ import annotations

from django.shortcuts import redirect, render

from accounts.models import User
from accounts.permissions import can, permission_action, trainees_visible_to

from . import selectors


@permission_action("public.page")
def home(request):
    # Signed-out visitors and roles without a dashboard (e.g. a platform operator without
    # support access) get the welcome page; the dashboard shows counts, never names.
    if can(request.user, "self.view"):
        return redirect("self_home")  # a trainee's front page is their own pages (web)
    if not can(request.user, "dashboard.view"):
        return render(request, "coaching/welcome.html")
    if request.user.role == User.Role.UNIT_SUPERVISOR:
        # The supervisor's own front page: the trainees placed with them (web.supervisor_urls).
        return redirect("supervisor_home")
    counts = selectors.dashboard_counts(visible_trainees=trainees_visible_to(request.user))
    return render(request, "coaching/home.html", {"counts": counts})


@permission_action("catalogue.view")
def task_catalogue(request):
    return render(request, "coaching/task_catalogue.html", {"sectors": selectors.task_catalogue()})
