"""WSGI entry point (gunicorn in the container).

``/healthz`` is answered here, before Django: the load balancer's target health checks send the
task's private IP address as the Host, which no municipality (nor ALLOWED_HOSTS) knows, and a
target should leave the load balancer when its process stops answering, not when the database
or the broker does (then every target would). ``/health/`` checks those through Django.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "valmo.settings")
django_application = get_wsgi_application()

LIVENESS_PATH = "/healthz"


def application(environ, start_response):
    if environ.get("PATH_INFO") == LIVENESS_PATH and environ.get("REQUEST_METHOD") in {
        "GET",
        "HEAD",
    }:
        start_response(
            "200 OK",
            [
                ("Content-Type", "text/plain"),
                ("Content-Length", "2"),
                ("Cache-Control", "no-store"),
            ],
        )
        return [b"ok"]
    return django_application(environ, start_response)
