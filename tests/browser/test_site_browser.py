"""The whole site in real Chromium on a phone: styled, accessible, keyboard-usable."""

from __future__ import annotations

import pytest

from tests.axe import axe_violations
from tests.site_urls import SAMPLE_PACK_CODE, public_pages

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("site_samples"),
]


def test_the_stylesheet_really_loads(live_server, phone) -> None:
    phone.goto(live_server.url + "/")
    header = phone.locator(".site-header")
    assert header.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(11, 79, 108)"
    body_size = phone.locator("body").evaluate("el => getComputedStyle(el).fontSize")
    assert body_size == "18px"


@pytest.mark.parametrize("url", public_pages())
def test_public_page_has_no_accessibility_violations(live_server, phone, url: str) -> None:
    phone.goto(live_server.url + url)
    assert axe_violations(phone) == []


@pytest.mark.parametrize(
    "url",
    ["/", "/help/", "/learn/", "/settings/", "/accounts/signup/", f"/l/{SAMPLE_PACK_CODE}/2/"],
)
def test_dark_theme_has_no_accessibility_violations(live_server, browser, url: str) -> None:
    from tests.conftest import PHONE

    context = browser.new_context(**PHONE, color_scheme="dark")
    page = context.new_page()
    page.goto(live_server.url + url)
    assert axe_violations(page) == []
    context.close()


def test_page_fits_a_phone_without_sideways_scrolling(live_server, phone) -> None:
    for url in public_pages():
        phone.goto(live_server.url + url)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{url} is {width}px wide"


def test_skip_link_moves_keyboard_focus_to_the_main_content(live_server, phone) -> None:
    phone.goto(live_server.url + "/")
    phone.keyboard.press("Tab")
    skip = phone.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    phone.keyboard.press("Enter")
    assert phone.evaluate("document.activeElement.id") == "main"


def test_get_help_now_shows_the_chosen_emergency_number_as_a_call_link(live_server, phone) -> None:
    phone.goto(live_server.url + "/settings/")
    phone.get_by_label("Emergency number").fill("999")
    phone.get_by_role("button", name="Save").click()
    phone.get_by_role("link", name="Get help now").click()
    call = phone.locator(".call-big")
    assert call.get_attribute("href") == "tel:999"
    assert "999" in call.inner_text()
    assert "999" in phone.locator(".help-now").inner_text()


def test_settings_errors_are_summarised_and_focused(live_server, phone) -> None:
    phone.goto(live_server.url + "/settings/")
    phone.get_by_label("Emergency number").fill("call me")
    phone.get_by_role("button", name="Save").click()
    assert phone.title().startswith("Error:")
    summary = phone.locator("#error-summary")
    assert summary.evaluate("el => el === document.activeElement")
    assert "Enter the emergency number" in summary.inner_text()
    assert phone.get_by_label("Emergency number").input_value() == "call me"
    assert axe_violations(phone) == []
