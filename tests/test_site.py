"""Whole-site rules: every page answers, has one <h1>, fits the size budget, and is secure."""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client

from tests.site_urls import NOT_PAGES, PRIVATE, PUBLIC_WITH_ARGS, public_pages, url_names

SIZE_BUDGET = 14 * 1024  # bytes, gzip-compressed HTML plus render-blocking CSS
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_samples")]


def test_every_named_url_is_classified_for_the_site_walk() -> None:
    from django.urls import NoReverseMatch, reverse

    unreachable = []
    for name in url_names() - NOT_PAGES - PRIVATE:
        for args in PUBLIC_WITH_ARGS.get(name, [()]):
            try:
                reverse(name, args=args)
            except NoReverseMatch:
                unreachable.append(name)
    assert unreachable == [], "add sample arguments to tests/site_urls.py"


@pytest.mark.parametrize("url", public_pages())
def test_public_page_answers_with_one_h1(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert '<html lang="en">' in html
    assert 'href="#main"' in html


def blocking_css(html: str) -> bytes:
    css = b""
    for tag in re.findall(r"<link[^>]+rel=\"stylesheet\"[^>]*>", html):
        if 'media="print"' in tag:
            continue
        href = re.search(r'href="([^"]+)"', tag).group(1)
        path = finders.find(href.removeprefix(settings.STATIC_URL))
        assert path, f"stylesheet {href} is not a static file"
        css += Path(path).read_bytes()
    return css


@pytest.mark.parametrize("url", public_pages())
def test_public_page_fits_the_size_budget(client: Client, url: str) -> None:
    html = client.get(url).content
    assert blocking_css(html.decode()), "the page links its stylesheet"
    size = len(gzip.compress(html + blocking_css(html.decode())))
    assert size <= SIZE_BUDGET, f"{url} is {size} bytes compressed"


def test_unknown_page_is_a_styled_404_with_a_way_home(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We cannot find that page" in html
    assert 'href="/"' in html


def test_server_error_page_is_styled_and_links_home(client: Client, settings) -> None:
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong" in html
    assert 'href="/"' in html
    assert "site.css" in html


def test_csrf_failure_shows_a_friendly_403() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/settings/", {"emergency_number": "911"})
    assert response.status_code == 403
    assert "Please try again" in response.content.decode()


def test_security_headers_are_sent(client: Client) -> None:
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("url", public_pages())
def test_pages_have_no_inline_script_or_style(client: Client, url: str) -> None:
    html = client.get(url).content.decode()
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert "<style" not in html
    assert " style=" not in html
    assert re.findall(r"\son[a-z]+=", html) == []


def test_favicon_and_robots_answer(client: Client) -> None:
    assert client.get("/favicon.ico").status_code == 301
    robots = client.get("/robots.txt")
    assert robots.status_code == 200
    assert robots["Content-Type"].startswith("text/plain")


def test_migrations_are_up_to_date() -> None:
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_deploy_check_is_clean_with_production_settings(tmp_path: Path) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "a-production-secret-that-is-long-and-random-" + "x7Qp9LmZ2" * 4,
        "DJANGO_ALLOWED_HOSTS": "cni.example.org",
        "DJANGO_SQLITE_PATH": str(tmp_path / "deploy.sqlite3"),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_the_development_secret_key() -> None:
    env = {**os.environ, "DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "-c", "import education.wsgi"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_sqlite_runs_in_wal_mode_with_immediate_transactions() -> None:
    from django.db import connection

    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    # The test database lives in memory, where SQLite reports "memory"; a file uses WAL.
    assert mode in {"wal", "memory"}
    assert "journal_mode=WAL" in settings.DATABASES["default"]["OPTIONS"]["init_command"]
