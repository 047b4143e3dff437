"""Lesson links in real Chromium on a phone: make a pack, open it anonymously, print, share."""

from __future__ import annotations

import re
import subprocess

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from education import catalog, educators
from education.models import EducatorProfile
from tests.axe import axe_violations
from tests.conftest import PHONE
from tests.helpers import PASSWORD, plain_words

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FAKE_SHARE = """
window.__shared = [];
Object.defineProperty(navigator, "share", {
  value: (data) => { window.__shared.push(data.url); return Promise.resolve(); },
  configurable: true,
});
"""
NO_SHARE = 'Object.defineProperty(navigator, "share", {value: undefined, configurable: true});'


@pytest.fixture
def educator():
    user = get_user_model().objects.create_user("nurse", password="x" * 12)
    EducatorProfile.objects.create(user=user, display_name="Nurse Sam Lee", clinic_name="Riverside")
    return user


@pytest.fixture
def educator_page(browser, live_server, educator):
    """A phone page signed in as the educator (the session cookie of a forced sign-in)."""
    client = Client()
    client.force_login(educator)
    context = browser.new_context(**PHONE)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


@pytest.fixture
def pack(educator):
    return educators.pack_create(
        owner=educator,
        level="easy",
        audience="transplant",
        note="Read these before your clinic visit on Tuesday.",
        items=["tacrolimus", "taking-your-medicine#missed-dose", "side-effects"],
    )


def test_an_easy_pack_made_by_an_educator_opens_for_an_anonymous_phone_reader(
    live_server, browser, phone
) -> None:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="I teach patients").click()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("Email address").fill("nurse@example.org")
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    assert page.get_by_role("heading", level=1).inner_text() == "I teach patients"
    assert axe_violations(page) == []
    page.get_by_label("Your name, as patients will see it").fill("Nurse Sam Lee")
    page.get_by_label("Clinic name (optional)").fill("Riverside")
    page.get_by_role("button", name="Turn on lesson links").click()
    page.get_by_role("link", name="Make a new lesson link").click()
    assert axe_violations(page) == []
    add = page.get_by_label("Add a lesson or part of a lesson")
    add.select_option("voclosporin")
    page.get_by_role("button", name="Add", exact=True).click()
    page.locator("input[name=items][value=voclosporin]").wait_for(state="attached")
    page.wait_for_function("() => document.activeElement.id === 'id_add'", timeout=5000)
    add.select_option("side-effects#emergency")
    page.get_by_role("button", name="Add", exact=True).click()
    page.locator("ol.chosen li").nth(1).wait_for()
    assert page.locator("input[name=level][value=easy]").is_checked()
    page.get_by_label("Lupus nephritis", exact=True).check()
    page.get_by_label("A note to the patient (optional)").fill("Read these before Tuesday.")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Save and get the link").click()
    page.wait_for_url(re.compile(r"/lessons/#pack-\d+$"))
    assert axe_violations(page) == []
    link = page.locator(".pack-card .typed-link").first.inner_text()
    assert re.fullmatch(rf"{live_server.url}/l/[{educators.CODE_ALPHABET}]{{10}}/", link)

    phone.goto(link)
    body = phone.locator("main").inner_text()
    assert "Read these before Tuesday." in body
    assert "Nurse Sam Lee at Riverside chose these 2 lessons for you." in body
    assert phone.locator(".level-switch a[aria-current]").inner_text() == "Easy"
    assert axe_violations(phone) == []
    phone.get_by_role("link", name="Start reading").click()
    text = phone.locator("#pack-body").inner_text()
    assert plain_words("voclosporin", "easy") in text
    assert plain_words("voclosporin", "standard") not in text
    assert axe_violations(phone) == []
    phone.get_by_role("link", name=re.compile("^Next:")).click()
    assert "2 of 2" in phone.locator(".path-place").inner_text()
    assert axe_violations(phone) == []
    page.reload()
    assert page.locator(".pack-facts dd").nth(1).inner_text() == "1 time"
    context.close()


def test_the_reader_switches_level_in_place_and_keeps_it(live_server, phone, pack) -> None:
    phone.goto(f"{live_server.url}/l/{pack.code}/1/")
    phone.evaluate("window.__samePage = true")
    phone.locator(".level-switch a[data-level=detailed]").click()
    phone.locator("#pack-body[data-level=detailed]").wait_for()
    assert plain_words("tacrolimus", "detailed") in phone.locator("#pack-body").inner_text()
    assert phone.evaluate("window.__samePage") is True
    assert phone.url.endswith(f"/l/{pack.code}/1/?level=detailed")
    assert axe_violations(phone) == []
    phone.get_by_role("link", name=re.compile("^Next:")).click()
    assert phone.url.endswith(f"/l/{pack.code}/2/?level=detailed")
    assert phone.locator("#pack-body").get_attribute("data-level") == "detailed"


def test_list_edits_keep_keyboard_focus_on_the_moved_lesson(live_server, educator_page) -> None:
    page = educator_page
    page.goto(live_server.url + "/lessons/new/")
    add = page.get_by_label("Add a lesson or part of a lesson")
    for value in ("tacrolimus", "cyclosporine", "side-effects"):
        add.select_option(value)
        page.get_by_role("button", name="Add", exact=True).click()
        page.locator(f"input[name=items][value={value}]").wait_for(state="attached")
    # Let the last swap settle first: htmx then moves focus to the button it marked autofocus.
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )
    page.locator("#action-down-1").focus()
    page.wait_for_function("() => document.activeElement.id === 'action-down-1'")
    page.keyboard.press("Enter")
    page.locator("ol.chosen li").first.filter(has_text="Cyclosporine").wait_for()
    # htmx moves focus to the autofocus button once the swap settles.
    page.wait_for_function("() => document.activeElement.id === 'action-down-2'", timeout=5000)
    values = page.locator("input[name=items]").evaluate_all("els => els.map(e => e.value)")
    assert values == ["cyclosporine", "tacrolimus", "side-effects"]


def test_an_empty_pack_shows_the_error_summary_with_focus(live_server, educator_page) -> None:
    page = educator_page
    page.goto(live_server.url + "/lessons/new/")
    page.get_by_role("button", name="Save and get the link").click()
    summary = page.locator("#error-summary")
    summary.wait_for()
    assert "A lesson link cannot be empty." in summary.inner_text()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert axe_violations(page) == []


def test_the_handout_qr_code_decodes_to_the_link(
    live_server, educator_page, pack, tmp_path
) -> None:
    page = educator_page
    page.goto(f"{live_server.url}/lessons/{pack.pk}/handout/")
    assert axe_violations(page) == []
    link = f"{live_server.url}/l/{pack.code}/"
    for media in ("screen", "print"):
        page.emulate_media(media=media)
        png = tmp_path / f"qr-{media}.png"
        page.locator("svg.qr").screenshot(path=str(png))
        decoded = subprocess.run(
            ["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True, check=True
        )
        assert decoded.stdout.strip() == link


def test_the_fullest_handout_prints_on_one_page(live_server, educator_page, educator) -> None:
    lessons = sorted(catalog.lessons_get().values(), key=lambda x: -len(x.title.detailed))
    pack = educators.pack_create(
        owner=educator,
        level="detailed",
        audience="lupus-nephritis",
        note=("Please read these lessons before your next clinic visit. " * 9)[:500],
        items=[lesson.slug for lesson in lessons[: educators.MAX_ITEMS]],
    )
    page = educator_page
    page.goto(f"{live_server.url}/lessons/{pack.pk}/handout/")
    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper)
        pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
        assert pages == 1, f"{paper}: {pages} pages"
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()
    assert page.locator("[data-print]").is_hidden()
    assert f"/l/{pack.code}/" in page.locator(".print-url").inner_text()


def test_share_this_page_shares_the_lesson_at_the_current_level(live_server, phone) -> None:
    phone.add_init_script(FAKE_SHARE)
    phone.goto(live_server.url + "/learn/voclosporin/?level=easy")
    phone.get_by_role("button", name="Share this page").click()
    assert phone.evaluate("window.__shared") == [f"{live_server.url}/learn/voclosporin/?level=easy"]
    phone.locator(".level-switch a[data-level=detailed]").click()
    phone.locator("#lesson-body[data-level=detailed]").wait_for()
    phone.get_by_role("button", name="Share this page").click()
    shared = phone.evaluate("window.__shared")
    assert shared[-1] == f"{live_server.url}/learn/voclosporin/?level=detailed"
    assert len(shared) == 2


def test_without_a_share_sheet_the_pack_link_is_copied(live_server, browser, pack) -> None:
    context = browser.new_context(**PHONE)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    page.add_init_script(NO_SHARE)
    page.goto(f"{live_server.url}/l/{pack.code}/")
    page.get_by_role("button", name="Share these lessons").click()
    page.get_by_text("Link copied.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == f"{live_server.url}/l/{pack.code}/"
    context.close()


def test_the_share_button_is_not_bound_twice_after_a_level_switch(live_server, phone, pack) -> None:
    phone.add_init_script(FAKE_SHARE)
    phone.goto(f"{live_server.url}/l/{pack.code}/")
    phone.locator(".level-switch a[data-level=standard]").click()
    phone.locator("#pack-body[data-level=standard]").wait_for()
    phone.get_by_role("button", name="Share these lessons").click()
    assert phone.evaluate("window.__shared") == [f"{live_server.url}/l/{pack.code}/"]


@pytest.mark.parametrize("state", ["paused", "deleted", "unknown"])
def test_gone_links_show_an_accessible_page(live_server, browser, pack, state) -> None:
    if state == "paused":
        educators.pack_status_set(pack=pack, status="paused")
    elif state == "deleted":
        educators.pack_delete(pack=pack)
    code = pack.code if state != "unknown" else "ABCDEFGHJK"
    # Not the `phone` fixture: it fails on the console's note about the 404/410 status.
    context = browser.new_context(**PHONE)
    page = context.new_page()
    response = page.goto(f"{live_server.url}/l/{code}/")
    assert response.status == (404 if state == "unknown" else 410)
    assert page.get_by_role("link", name="See all lessons").is_visible()
    assert axe_violations(page) == []
    context.close()


def test_the_educator_pages_are_accessible(live_server, educator_page, pack) -> None:
    page = educator_page
    for path in (
        "/lessons/start/",
        "/lessons/profile/",
        "/lessons/",
        f"/lessons/{pack.pk}/edit/",
        f"/lessons/{pack.pk}/delete/",
    ):
        page.goto(live_server.url + path)
        assert axe_violations(page) == [], path
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width}px wide"
    page.get_by_role("button", name="Yes, delete it").click()
    page.wait_for_url(re.compile(r"/lessons/$"))
    assert "You have no lesson links yet." in page.locator("main").inner_text()
