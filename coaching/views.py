from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import selectors


def home(request):
    if not request.user.is_authenticated:
        return render(request, "coaching/welcome.html")
    return render(request, "coaching/home.html", {"counts": selectors.dashboard_counts()})


@login_required
def task_catalogue(request):
    return render(request, "coaching/task_catalogue.html", {"sectors": selectors.task_catalogue()})
