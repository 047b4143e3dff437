"""ASGI entry point."""

from __future__ import annotations

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "education.settings")

application = get_asgi_application()

from education.settings import production_guard  # noqa: E402

production_guard()
