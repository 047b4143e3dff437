"""Shared setup for benchmark scripts: Django with an in-memory database, and timing."""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "education.settings")
    os.environ.setdefault("DJANGO_SQLITE_PATH", ":memory:")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.SECURE_SSL_REDIRECT = False
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    call_command("migrate", verbosity=0)


def timings_ms(
    action: Callable[[], object],
    *,
    runs: int,
    warmup: int = 20,
    clock: Callable[[], float] = time.perf_counter,
) -> list[float]:
    """Milliseconds per call: wall time by default; pass time.process_time for CPU time,
    which a busy shared machine disturbs much less."""
    for _ in range(warmup):
        action()
    times = []
    for _ in range(runs):
        start = clock()
        action()
        times.append((clock() - start) * 1000)
    return times


def ok_get(client: object, url: str, **headers: str) -> object:
    """GET a page and insist on 200, so a benchmark never times an error page."""
    response = client.get(url, **headers)  # type: ignore[attr-defined]
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return response


def report(name: str, times: list[float], target_ms: float | None = None) -> bool:
    ordered = sorted(times)
    p50 = statistics.median(ordered)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    verdict = ""
    ok = True
    if target_ms is not None:
        ok = p95 < target_ms
        verdict = f"  target p95 < {target_ms} ms: {'met' if ok else 'MISSED'}"
    print(f"{name:<40} runs {len(times):>5}  p50 {p50:7.2f} ms  p95 {p95:7.2f} ms{verdict}")
    return ok
