"""Celery application: tenant-schemas-celery carries the sender's schema with every task."""

from __future__ import annotations

import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "valmo.settings")

app = CeleryApp("valmo")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.conf.imports = ("valmo.tasks",)
