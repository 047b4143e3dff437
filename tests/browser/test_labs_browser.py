"""Blood-test days in real Chromium on a phone: add a test, see the reminder on Today."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tests.axe import axe_violations
from tests.helpers import phone_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_add_a_blood_test_day_then_see_the_reminder_on_today_and_answer_the_question(
    live_server, phone, carer, leo
) -> None:
    from education import catalog, labs
    from tests.schedule_helpers import schedule_make

    today = dt.datetime.now(ZoneInfo(leo.time_zone)).date()
    schedule_make(leo, "tacrolimus-ir", start=today - dt.timedelta(days=3))
    phone_sign_in(phone, live_server, carer)
    phone.goto(f"{live_server.url}/people/{leo.pk}/schedules/")
    phone.get_by_role("link", name="Blood tests and check-ups").click()
    assert phone.get_by_role("heading", level=1).inner_text() == "Blood tests and check-ups for Leo"
    assert axe_violations(phone) == []

    phone.get_by_role("link", name="Add a blood test").click()
    assert phone.get_by_label("Blood test", exact=True).is_checked()
    phone.get_by_role("button", name="Save").click()
    assert phone.title().startswith("Error:")
    assert "Enter the date of the blood test" in phone.locator("#error-summary").inner_text()
    assert axe_violations(phone) == []
    phone.get_by_label("Date:", exact=True).fill(today.isoformat())
    phone.get_by_label("Time:", exact=True).fill("08:30")
    phone.get_by_label("Where (optional)").fill("Main lab")
    phone.get_by_role("button", name="Save").click()
    assert "Saved the blood test." in phone.locator(".notice").inner_text()
    assert "Main lab" in phone.locator(".lab-days").inner_text()

    phone.goto(f"{live_server.url}/today/")
    reminder = phone.locator(".lab-today")
    assert "Blood test today at 08:30" in reminder.inner_text()
    unanswered = catalog.plain_text(labs.lab_text().reminders["unanswered"].text.standard)
    assert unanswered.split(".")[0] in reminder.inner_text()
    assert axe_violations(phone) == []

    phone.get_by_role("link", name="Medicines and dose times for Leo").click()
    phone.get_by_role("link", name="Answer the question").click()
    assert axe_violations(phone) == []
    phone.get_by_label("After the blood test").check()
    phone.get_by_role("button", name="Save").click()
    assert "Blood-test days: After the blood test" in phone.locator(".lab-answer").inner_text()

    phone.goto(f"{live_server.url}/today/")
    assert "take it right after the blood draw" in phone.locator(".lab-today").inner_text()
    assert "Most teams" not in phone.locator(".lab-today").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(phone) == []


def test_accept_the_voclosporin_check_ups_then_move_one_and_delete_another(
    live_server, phone, carer, leo
) -> None:
    from education.models import LabAppointment
    from tests.schedule_helpers import schedule_make

    today = dt.datetime.now(ZoneInfo(leo.time_zone)).date()
    schedule_make(leo, "voclosporin", start=today)
    phone_sign_in(phone, live_server, carer)
    phone.goto(f"{live_server.url}/people/{leo.pk}/blood-tests/")
    phone.get_by_role("link", name="See the dates and add them").click()
    assert (
        phone.get_by_role("heading", level=1).inner_text() == "Check-ups for Lupkynis (voclosporin)"
    )
    assert phone.locator(".lab-days li").count() == 14
    assert axe_violations(phone) == []
    phone.get_by_label("Usual time for these check-ups").fill("07:30")
    phone.get_by_role("button", name="Add these check-ups").click()
    assert "Added 14 check-ups" in phone.locator(".notice").inner_text()
    assert axe_violations(phone) == []

    first = today + dt.timedelta(days=14)
    phone.locator(".lab-days li").first.get_by_role("link", name="Change").click()
    assert axe_violations(phone) == []
    phone.get_by_label("Date:", exact=True).fill((first + dt.timedelta(days=2)).isoformat())
    phone.get_by_role("button", name="Save").click()
    assert "Saved the new date and time." in phone.locator(".notice").inner_text()

    phone.locator(".lab-days li").nth(1).get_by_role("link", name="Delete").click()
    assert axe_violations(phone) == []
    phone.get_by_role("button", name="Yes, delete it").click()
    assert phone.locator(".lab-days li").count() == 13
    days = sorted(LabAppointment.objects.filter(person=leo).values_list("day", flat=True))
    assert days[0] == first + dt.timedelta(days=2)
    assert first + dt.timedelta(days=14) not in days
