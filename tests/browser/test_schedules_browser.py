"""Schedules, Today and calendar reminders in real Chromium on a phone."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.axe import axe_violations
from tests.helpers import phone_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_bad_times_are_refused_in_place_and_marking_works_without_reload(
    live_server, phone, carer, leo
) -> None:
    from tests.schedule_helpers import schedule_make

    phone_sign_in(phone, live_server, carer)
    phone.goto(f"{live_server.url}/people/{leo.pk}/schedules/add/?product=voclosporin")
    assert axe_violations(phone) == []
    phone.get_by_label("Dose 2 time").fill("12:00")
    phone.get_by_label("Dose 1 amount").fill("3")
    phone.get_by_label("Dose 2 amount").fill("3")
    phone.get_by_label("Measured in").fill("capsules")
    phone.get_by_role("button", name="Save").click()
    expect(phone).to_have_title(re.compile(r"^Error:"))
    expect(phone.locator("#error-summary")).to_contain_text("at least 8 hours apart")
    assert phone.locator("#error-summary").evaluate("el => el === document.activeElement")
    assert axe_violations(phone) == []

    schedule_make(leo, "voclosporin", start=dt.date.today() - dt.timedelta(days=3))
    phone.goto(f"{live_server.url}/today/")
    assert axe_violations(phone) == []
    phone.evaluate("window.__samePage = true")
    first = phone.locator(".dose").first
    first.get_by_role("button", name="Taken").click()
    phone.locator(".dose-taken").first.wait_for()
    assert phone.evaluate("window.__samePage") is True
    assert phone.evaluate("document.activeElement.hasAttribute('data-dose-state')")
    assert axe_violations(phone) == []
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390


def test_sign_up_add_a_person_a_voclosporin_schedule_mark_taken_and_copy_the_link(
    live_server, phone
) -> None:
    from tests.helpers import PASSWORD

    phone.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    phone.goto(live_server.url + "/accounts/signup/")
    phone.get_by_label("Email address").fill("kim@example.org")
    phone.get_by_label("Password:", exact=True).fill(PASSWORD)
    phone.get_by_label("Type the password again").fill(PASSWORD)
    phone.get_by_role("button", name="Create account").click()

    phone.get_by_role("link", name="Add someone").click()
    phone.get_by_label("Name or nickname").fill("Mum")
    phone.get_by_label("Time zone").select_option("Europe/London")
    phone.get_by_role("button", name="Save").click()

    phone.get_by_role("navigation", name="Main").get_by_role("link", name="Reminders").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Today's medicines")
    assert axe_violations(phone) == []
    phone.get_by_role("link", name="Medicines and dose times for Mum").click()
    assert axe_violations(phone) == []
    phone.get_by_role("link", name="Add a medicine").click()
    phone.get_by_label("Which medicine?").select_option("voclosporin")
    assert axe_violations(phone) == []
    phone.get_by_role("button", name="Continue").click()
    phone.get_by_label("Dose 1 time").fill("08:00")
    phone.get_by_label("Dose 2 time").fill("20:00")
    phone.get_by_label("Dose 1 amount").fill("3")
    phone.get_by_label("Dose 2 amount").fill("3")
    phone.get_by_label("Measured in").fill("capsules")
    yesterday = dt.date.today() - dt.timedelta(days=1)
    phone.get_by_label("Start date").fill(yesterday.isoformat())
    assert axe_violations(phone) == []
    phone.get_by_role("button", name="Save").click()
    expect(phone.locator("main")).to_contain_text("08:00: 3 capsules; 20:00: 3 capsules.")
    assert axe_violations(phone) == []

    phone.get_by_role("link", name="Today's list").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Today's medicines")
    mum = phone.locator(".today-person", has_text="Mum")
    times = mum.locator(".dose-time time").all_inner_texts()
    assert "08:00" in times and "20:00" in times
    card = mum.locator(".dose").first
    card_id = card.get_attribute("id")
    card.get_by_role("button", name="Taken").click()
    phone.locator(f"#{card_id}.dose-taken").wait_for()
    expect(phone.locator(f"#{card_id} .state")).to_have_text("Taken")
    assert axe_violations(phone) == []

    mum.get_by_role("link", name="Calendar reminders for Mum").click()
    expect(phone.get_by_label("Calendar link")).to_be_visible()
    assert axe_violations(phone) == []
    link = phone.get_by_label("Calendar link").input_value()
    assert link.startswith("webcal://") and link.endswith(".ics")
    phone.get_by_role("button", name="Copy calendar link").click()
    phone.get_by_text("Link copied.").wait_for()
    assert phone.evaluate("navigator.clipboard.readText()") == link
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
