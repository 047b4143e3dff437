"""Accounts and people in real Chromium on a phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.axe import axe_violations
from tests.helpers import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_add_mum_edit_her_numbers_and_see_them_on_the_help_page(live_server, phone) -> None:
    phone.goto(live_server.url + "/")
    phone.get_by_role("link", name="Sign in").click()
    assert axe_violations(phone) == []
    phone.get_by_role("link", name="Create an account").click()
    phone.get_by_label("Email address").fill("kim@example.org")
    phone.get_by_label("Password:", exact=True).fill(PASSWORD)
    phone.get_by_label("Type the password again").fill(PASSWORD)
    # The time zone list starts at the phone's own zone.
    expect(phone.get_by_label("Time zone")).not_to_have_value("")
    assert axe_violations(phone) == []
    phone.get_by_role("button", name="Create account").click()

    expect(phone.get_by_role("heading", level=1)).to_have_text("Who do you look after?")
    expect(phone.locator(".person-card").first).to_contain_text("Now showing")
    assert axe_violations(phone) == []
    phone.get_by_role("link", name="Add someone").click()
    phone.get_by_label("Name or nickname").fill("Mum")
    phone.get_by_label("Time zone").select_option("Europe/London")
    phone.get_by_label("Emergency number").fill("999")
    assert axe_violations(phone) == []
    phone.get_by_role("button", name="Save").click()

    mum = phone.locator(".person-card", has_text="Mum")
    expect(mum).to_contain_text("Now showing")
    mum.get_by_role("link", name="Edit Mum").click()
    phone.get_by_label("Care team number (daytime)").fill("020 7946 0000")
    phone.get_by_label("Emergency number").fill("call")
    phone.get_by_role("button", name="Save").click()
    expect(phone).to_have_title(re.compile("^Error:"))
    expect(phone.locator("#error-summary")).to_be_focused()
    assert axe_violations(phone) == []
    phone.get_by_label("Emergency number").fill("999")
    phone.get_by_role("button", name="Save").click()

    phone.get_by_role("link", name="Get help now").click()
    expect(phone.locator(".call-big")).to_have_attribute("href", "tel:999")
    assert phone.locator('a[href="tel:02079460000"]').count() == 1
    assert axe_violations(phone) == []
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390


def test_signing_in_and_out_on_a_phone(live_server, phone) -> None:
    from tests.helpers import account_create

    account_create("ana@example.org")
    phone.goto(live_server.url + "/people/")
    assert "/accounts/login/" in phone.url
    phone.get_by_label("Email address").fill("ana@example.org")
    phone.get_by_label("Password").fill("wrong")
    phone.get_by_role("button", name="Sign in").click()
    expect(phone).to_have_title(re.compile("^Error:"))
    assert axe_violations(phone) == []
    phone.get_by_label("Password").fill(PASSWORD)
    phone.get_by_role("button", name="Sign in").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Who do you look after?")
    phone.get_by_role("button", name="Sign out").click()
    expect(phone.get_by_role("link", name="Sign in")).to_be_visible()
