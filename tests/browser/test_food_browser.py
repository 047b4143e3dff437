"""The food and drink guide on a phone: search as you type, choose a medicine, print a sheet."""

from __future__ import annotations

import re

import pytest

from tests.axe import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typing_pomelo_shows_avoid_with_its_reason(live_server, phone) -> None:
    phone.goto(live_server.url + "/food/?level=easy")
    phone.evaluate("window.__samePage = true")
    phone.get_by_label("Food, drink, herb or supplement").press_sequentially("pomelo", delay=30)
    answer = phone.locator(".food-answer").first
    answer.wait_for()
    assert answer.locator(".food-name").inner_text() == "Pomelo"
    badge = answer.locator(".badge").first
    assert "AVOID" in badge.inner_text()
    assert "✕" in badge.inner_text()
    assert badge.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(177, 14, 30)"
    assert "may act like grapefruit" in answer.locator(".food-reason").inner_text()
    assert phone.evaluate("window.__samePage") is True, "the page reloaded"
    assert phone.url.endswith("/food/?q=pomelo&product=")
    assert phone.locator("#food-status").inner_text() == "1 entry found."
    assert axe_violations(phone) == []


def test_a_misspelling_typed_on_the_phone_finds_grapefruit(live_server, phone) -> None:
    phone.goto(live_server.url + "/food/")
    phone.get_by_label("Food, drink, herb or supplement").press_sequentially("grapefriut")
    phone.locator(".food-close").wait_for()
    assert phone.locator(".food-name").first.inner_text() == "Grapefruit"


def test_choosing_a_medicine_sharpens_the_verdict_in_place(live_server, phone) -> None:
    phone.goto(live_server.url + "/food/?q=beer")
    first = phone.locator(".food-answer").first
    assert "for Envarsus XR (tacrolimus) and Astagraf XL (tacrolimus)" in first.inner_text()
    phone.get_by_label("Your medicine").select_option("voclosporin")
    phone.locator(".verdict-for", has_text="with Lupkynis").first.wait_for()
    assert "ASK YOUR TEAM" in phone.locator(".food-answer .badge").first.inner_text()
    phone.goto(live_server.url + "/food/?q=wine")
    assert "with Lupkynis (voclosporin)" in phone.locator(".food-answer").first.inner_text()
    assert axe_violations(phone) == []


def test_the_form_works_without_javascript(live_server, browser) -> None:
    from tests.conftest import PHONE

    context = browser.new_context(**PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/food/")
    page.get_by_label("Food, drink, herb or supplement").fill("St Johns wort")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/food/\?q=St\+Johns\+wort"))
    assert "AVOID" in page.locator(".food-answer").first.inner_text()
    context.close()


def test_an_unknown_item_and_bad_input_are_clear_and_accessible(live_server, phone) -> None:
    phone.goto(live_server.url + "/food/?q=dragon+fruit")
    assert "We have no information about" in phone.locator(".food-unknown").inner_text()
    assert axe_violations(phone) == []
    phone.goto(live_server.url + "/food/")
    phone.get_by_role("button", name="Search").click()
    phone.wait_for_url(re.compile(r"/food/\?q="))
    assert phone.title().startswith("Error:")
    assert phone.evaluate("document.activeElement.id") == "error-summary"
    assert axe_violations(phone) == []


def test_the_product_sheet_prints_on_one_page(live_server, phone) -> None:
    phone.goto(live_server.url + "/food/tacrolimus-ir/")
    assert phone.get_by_role("button", name="Print this sheet").is_visible()
    assert axe_violations(phone) == []
    phone.emulate_media(media="print")
    assert phone.locator(".food-sheet .food-reason").first.is_hidden()
    assert phone.locator(".site-header").is_hidden()
    pdf = phone.pdf(format="Letter")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1


@pytest.mark.parametrize("url", ["/food/?q=beer", "/food/?q=dragon+fruit", "/food/envarsus-xr/"])
def test_food_pages_are_accessible_in_the_dark_theme(live_server, browser, url: str) -> None:
    from tests.conftest import PHONE

    context = browser.new_context(**PHONE, color_scheme="dark")
    page = context.new_page()
    page.goto(live_server.url + url)
    assert axe_violations(page) == []
    context.close()
