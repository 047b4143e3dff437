"""Checking symptoms and a blood pressure reading on a phone, in real Chromium."""

from __future__ import annotations

import pytest

from tests.axe import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ticking_seizure_shows_the_emergency_number_first(live_server, phone) -> None:
    phone.goto(live_server.url + "/symptoms/")
    phone.get_by_role("link", name="Lupkynis (voclosporin)").click()
    assert axe_violations(phone) == []
    phone.get_by_label("A seizure (fit)").check()
    phone.get_by_role("button", name="See what to do").click()
    panel = phone.locator("#urgent-panel")
    panel.wait_for()
    first_link = phone.locator("main a").first
    assert first_link.get_attribute("href") == "tel:911"
    assert "911" in first_link.inner_text()
    box = first_link.bounding_box()
    assert box["y"] < 844, "the call link is on the first screen"
    assert box["height"] >= 44
    assert panel.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(177, 14, 30)"
    assert "EMERGENCY" in phone.locator("h1").inner_text().upper()
    assert phone.evaluate("document.activeElement.id") == "main"
    assert axe_violations(phone) == []


def test_the_checklist_works_without_javascript(live_server, browser) -> None:
    from tests.conftest import PHONE

    context = browser.new_context(**PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/symptoms/not-sure/")
    page.get_by_role("button", name="See what to do").click()
    assert page.title().startswith("Error:")
    page.get_by_label("A seizure (fit)").check()
    page.get_by_role("button", name="See what to do").click()
    assert page.url.endswith("/symptoms/not-sure/result/")
    assert page.locator("main a").first.get_attribute("href") == "tel:911"
    context.close()


def test_nothing_ticked_moves_focus_to_the_error_summary(live_server, phone) -> None:
    phone.goto(live_server.url + "/symptoms/voclosporin/")
    phone.get_by_role("button", name="See what to do").click()
    phone.locator("#error-summary").wait_for()
    assert phone.evaluate("document.activeElement.id") == "error-summary"
    assert axe_violations(phone) == []


def test_a_blood_pressure_check_asks_for_a_second_reading(live_server, phone) -> None:
    phone.goto(live_server.url + "/symptoms/blood-pressure/")
    assert axe_violations(phone) == []
    phone.get_by_label("Top number (systolic)").fill("185")
    phone.get_by_label("Bottom number (diastolic)").fill("95")
    phone.get_by_role("button", name="See what to do").click()
    phone.locator("#second-reading").wait_for()
    assert "SAME DAY" in phone.locator("h1").inner_text().upper()
    assert axe_violations(phone) == []
    phone.get_by_label("Second reading: top number").fill("182")
    phone.get_by_label("Second reading: bottom number").fill("96")
    phone.get_by_label("Chest pain").check()
    phone.locator("#second-reading + form").get_by_role("button", name="See what to do").click()
    phone.locator(".urgent-emergency").wait_for()
    assert phone.locator("main a").first.get_attribute("href") == "tel:911"
    phone.get_by_role("button", name="Show at the clinic").click()
    phone.get_by_role("heading", name="Summary for your care team").wait_for()
    assert "185/95" in phone.locator("main").inner_text()
    assert phone.get_by_role("button", name="Print").is_visible()
    assert axe_violations(phone) == []


def test_a_signed_in_person_saves_a_check_to_the_diary(live_server, phone) -> None:
    from tests.helpers import PASSWORD, account_create, person_create

    person_create(account=account_create("ana@example.org"), name="Ana")
    phone.goto(live_server.url + "/accounts/login/?next=/symptoms/voclosporin/")
    phone.get_by_label("Email address").fill("ana@example.org")
    phone.get_by_label("Password").fill(PASSWORD)
    phone.get_by_role("button", name="Sign in").click()
    phone.get_by_label("New or worse shaking (tremor)").check()
    phone.get_by_role("button", name="See what to do").click()
    phone.locator("#urgent-panel").wait_for()
    phone.get_by_role("button", name="Save to the symptom diary (Ana)").click()
    assert phone.get_by_role("heading", level=1).inner_text() == "Symptom diary: Ana"
    assert "New or worse shaking (tremor)" in phone.locator("#diary").inner_text()
    assert axe_violations(phone) == []
