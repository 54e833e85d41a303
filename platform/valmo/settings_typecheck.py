"""Settings for mypy's django-stubs plugin: the test settings without a database server.

The plugin imports the settings to learn the installed apps and models. Without ``DATABASE_URL``
the settings would start the embedded PostgreSQL, so a placeholder URL is given; mypy never
connects to it.
"""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/valmo_typecheck")

from .settings_test import *  # noqa: F403
