"""Valmo Django project package (lives in the plain folder ``platform/``)."""

from .celery import app as celery_app

__all__ = ["celery_app"]
