"""Routing overhead: the same tenant view with django-tenants' host lookup and without it.

    python bench/routing.py [--n 400] [--slug suurkunta] [--path /accounts/login/]

Three in-process clients (Django test client, whole middleware stack otherwise) request the
same page in turn, so machine load hits all alike:
- ``fixed``: the tenant middleware replaced by one that sets a fixed municipality (no lookup:
  the floor),
- ``cached``: Valmo's middleware with the host → municipality cache (production),
- ``uncached``: the same with the cache off (one domain query per request).
Prints the medians and the ratios to ``fixed``; the target (issue #15) is ≤ 1.10×.
"""

from __future__ import annotations

import argparse
import statistics
import time

import _django

TENANT = None


class FixedTenantMiddleware:
    """Routes every request to one municipality without looking anything up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.db import connection
        from django_tenants.middleware.main import TenantMainMiddleware

        connection.set_tenant(TENANT)
        request.tenant = TENANT
        TenantMainMiddleware.setup_url_routing(request)
        return self.get_response(request)


def main() -> None:
    global TENANT
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=400)
    parser.add_argument("--slug", default="suurkunta")
    parser.add_argument("--path", default="/accounts/login/")
    args = parser.parse_args()
    _django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client, override_settings

    from tenants.models import Domain, Municipality

    connection.settings_dict["CONN_MAX_AGE"] = 60
    TENANT = Municipality.objects.get(slug=args.slug)
    host = Domain.objects.filter(tenant=TENANT).values_list("domain", flat=True).first()
    fixed_stack = [
        f"{__name__}.FixedTenantMiddleware" if m == "valmo.middleware.TenantMiddleware" else m
        for m in settings.MIDDLEWARE
    ]
    clients = {}
    variants = {
        "fixed": {"MIDDLEWARE": fixed_stack},
        "cached": {"VALMO_TENANT_ROUTING_CACHE_SECONDS": 300},
        "uncached": {"VALMO_TENANT_ROUTING_CACHE_SECONDS": 0},
    }
    times: dict[str, list[float]] = {name: [] for name in variants}
    for name, overrides in variants.items():
        with override_settings(**overrides):
            clients[name] = Client(HTTP_HOST=host)
            for _ in range(20):  # loads the middleware chain under these settings, warms up
                assert clients[name].get(args.path).status_code == 200
    for _ in range(args.n):
        for name, overrides in variants.items():
            with override_settings(**overrides):
                started = time.perf_counter()
                clients[name].get(args.path)
                times[name].append((time.perf_counter() - started) * 1000)
    floor = statistics.median(times["fixed"])
    print(f"GET {args.path} on {host}, n={args.n} each, interleaved")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:<9} median {median:6.2f} ms  ratio to fixed {median / floor:.3f}")


if __name__ == "__main__":
    main()
