"""Refills in real Chromium on a phone: start a pack, mark a dose, see the count go down."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.axe import axe_violations
from tests.helpers import phone_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_start_a_pack_mark_a_dose_taken_and_see_the_count_go_down(
    live_server, phone, carer, leo
) -> None:
    from tests.schedule_helpers import schedule_make

    schedule_make(leo, "voclosporin", start=dt.date.today() - dt.timedelta(days=3))
    phone_sign_in(phone, live_server, carer)
    phone.goto(f"{live_server.url}/people/{leo.pk}/schedules/")
    phone.get_by_role("link", name="Refills").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Refills for Leo")
    assert axe_violations(phone) == []

    phone.get_by_role("link", name="Start a new pack of Lupkynis").click()
    phone.get_by_label("How many capsules you have now").fill("0")
    phone.get_by_role("button", name="Save the new pack").click()
    expect(phone).to_have_title(re.compile("^Error:"))
    expect(phone.locator("#error-summary")).to_contain_text("bigger than 0")
    assert axe_violations(phone) == []
    phone.get_by_label("How many capsules you have now").fill("12")
    phone.get_by_role("button", name="Save the new pack").click()
    expect(phone.locator("[data-refill-left]")).to_have_text("12 capsules")
    assert axe_violations(phone) == []

    phone.get_by_role("link", name="Today's list").click()
    # 12 capsules cover at most 2 days of 3 capsules twice a day: Today warns already.
    expect(phone.locator(".refill-warning")).to_contain_text("Running low.")
    assert axe_violations(phone) == []
    expect(phone.locator(".refill-warning")).to_contain_text("12 capsules")
    phone.evaluate("window.__samePage = true")
    phone.locator(".dose").first.get_by_role("button", name="Taken").click()
    phone.locator(".dose-taken").first.wait_for()
    # The warning above the doses counts down in place, without a reload.
    expect(phone.locator(".refill-warning")).to_contain_text("9 capsules")
    assert phone.evaluate("window.__samePage") is True
    assert axe_violations(phone) == []

    phone.get_by_role("link", name="Refills for Leo").first.click()
    expect(phone.locator("[data-refill-left]")).to_have_text("9 capsules")
    assert axe_violations(phone) == []
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390


def test_a_mismatch_is_shown_on_the_phone_and_is_accessible(live_server, phone, carer, leo) -> None:
    from education import refills
    from education.models import DoseRecord, ScheduledDose
    from tests.schedule_helpers import schedule_make

    today = dt.date.today()
    schedule = schedule_make(leo, "voclosporin", start=today - dt.timedelta(days=3))
    refills.pack_start(
        schedule=schedule,
        units=Decimal("3"),
        unit="capsules",
        started=today - dt.timedelta(days=1),
        warn_days=7,
        user=carer,
    )
    for dose in ScheduledDose.objects.filter(version__schedule=schedule):
        DoseRecord.objects.create(
            dose=dose,
            day=today - dt.timedelta(days=1),
            status="taken",
            marked_by=carer,
            marked_at=dt.datetime.now(dt.UTC),
        )
    phone_sign_in(phone, live_server, carer)
    phone.goto(f"{live_server.url}/people/{leo.pk}/refills/")
    expect(phone.locator(".refill-warning")).to_contain_text("says \u22123")
    expect(phone.locator(".refill-warning")).to_contain_text("Please count this pack.")
    assert axe_violations(phone) == []
    phone.goto(f"{live_server.url}/today/")
    expect(phone.locator(".refill-warning")).to_contain_text("says \u22123")
    assert axe_violations(phone) == []
