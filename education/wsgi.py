"""WSGI entry point, used by gunicorn in production."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "education.settings")

application = get_wsgi_application()

from education.settings import production_guard  # noqa: E402

production_guard()
