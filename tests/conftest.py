"""Shared fixtures: test settings, a temporary content tree, and a phone-sized Chromium."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings as django_settings

# pytest-django's live_server and Playwright's sync API share one thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}


@pytest.fixture(autouse=True, scope="session")
def _test_settings() -> Iterator[None]:
    """Settings for plain-HTTP tests, in force before the live server builds its middleware."""
    from django.test import override_settings

    override = override_settings(
        SECURE_SSL_REDIRECT=False,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
        # live_server serves static files through the finders, not WhiteNoise's manifest.
        STORAGES={
            **django_settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    override.enable()
    yield
    override.disable()


@pytest.fixture
def content_tree(tmp_path: Path, settings: pytest.FixtureRequest) -> Path:
    """A copy of the real content in a temporary directory that a test may break."""
    tree = tmp_path / "content"
    shutil.copytree(Path(django_settings.BASE_DIR) / "education" / "content", tree)
    settings.CONTENT_DIR = tree
    return tree


@pytest.fixture
def site_samples() -> None:
    """The rows public pages with sample arguments need (see tests/site_urls.py)."""
    from tests.site_urls import samples_create

    samples_create()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def phone(browser: object) -> Iterator[object]:
    """A page in a fresh phone-sized browser context that fails on any script error."""
    context = browser.new_context(**PHONE)  # type: ignore[attr-defined]
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: errors.append(message.text) if message.type == "error" else None,
    )
    page.errors = errors
    yield page
    context.close()
    assert errors == [], f"the page logged errors: {errors}"


@pytest.fixture
def account(db: None) -> object:
    """A signed-up account (not signed in) with one person, "Me"."""
    from tests.helpers import account_create, person_create

    user = account_create("ana@example.org")
    person_create(account=user, name="Me")
    return user


@pytest.fixture
def person(account: object) -> object:
    return account.people.get()  # type: ignore[attr-defined]


@pytest.fixture
def stranger(db: None) -> object:
    """Another account, with a person of its own, that must never see the first one's people."""
    from tests.helpers import account_create, person_create

    user = account_create("sam@example.org")
    person_create(account=user, name="Sam")
    return user


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Counters kept in the cache (failed sign-ins) must not leak from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# --- Accounts, people and schedules (schedule, reminder and Today tests) --------------


@pytest.fixture
def carer(db: None) -> object:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(
        "carer@example.org", "carer@example.org", "pw-long-enough-1"
    )


@pytest.fixture
def leo(carer: object) -> object:
    from tests.schedule_helpers import person_make

    return person_make(carer, "Leo", team_day_number="555-0100", team_after_hours_number="555-0199")


@pytest.fixture
def intruder(db: None) -> object:
    from django.contrib.auth import get_user_model

    from tests.schedule_helpers import person_make

    user = get_user_model().objects.create_user(
        "other@example.org", "other@example.org", "pw-long-enough-2"
    )
    person_make(user, "Sam")
    return user


@pytest.fixture
def carer_client(client: object, carer: object) -> object:
    client.force_login(carer)  # type: ignore[attr-defined]
    return client


@pytest.fixture
def intruder_client(intruder: object) -> object:
    from django.test import Client

    other = Client()
    other.force_login(intruder)
    return other


@pytest.fixture
def at(monkeypatch: pytest.MonkeyPatch):
    """Set the views' clock: at(2026, 5, 4, 11, 0) is 11:00 in New York."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    def set_clock(*parts: int) -> dt.datetime:
        moment = dt.datetime(*parts, tzinfo=ZoneInfo("America/New_York"))
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
        return moment

    return set_clock
