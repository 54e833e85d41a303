from __future__ import annotations

from django.shortcuts import render
from django.views import View


class UnknownHostView(View):
    """Shown for hosts that belong to no municipality."""

    def dispatch(self, request, *args, **kwargs):
        return render(request, "unknown_host.html", status=404)


def landing(request):
    return render(request, "landing.html")
