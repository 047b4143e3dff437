"""Dose history and the medicine card in real Chromium on a phone."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.axe import axe_violations
from tests.helpers import phone_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_month_view_reads_in_words_moves_between_months_and_is_accessible(
    live_server, phone, carer, leo
) -> None:
    from django.contrib.auth import get_user_model

    from education.models import DoseRecord, Membership, ScheduledDose
    from tests.schedule_helpers import schedule_make

    zone = ZoneInfo(leo.time_zone)
    today = dt.datetime.now(zone).date()
    start = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)  # last month
    schedule_make(leo, "voclosporin", start=start)
    ana = get_user_model().objects.create_user(
        "ana@example.org", "ana@example.org", "pw-long-enough-4", first_name="Ana"
    )
    Membership.objects.create(person=leo, user=ana, role=Membership.EDIT)
    morning = ScheduledDose.objects.get(version__schedule__person=leo, time=dt.time(8, 0))
    DoseRecord.objects.create(
        dose=morning, day=start, status="taken", marked_by=ana,
        marked_at=dt.datetime.combine(start, dt.time(8, 5), zone),
    )  # fmt: skip

    phone_sign_in(phone, live_server, carer)
    phone.goto(f"{live_server.url}/people/{leo.pk}/history/")
    assert phone.get_by_role("heading", level=1).inner_text() == "Dose history: Leo"
    assert phone.locator("#month-title").inner_text() == f"{today:%B %Y}"
    assert phone.locator('td[aria-current="date"]').inner_text().startswith(str(today.day))
    assert axe_violations(phone) == []
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    # Seven day columns fit the phone, each cell big enough to tap.
    box = phone.locator(".month-day").first.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44

    phone.evaluate("window.__samePage = true")
    previous = f"{start:%B %Y}"
    phone.get_by_role("navigation", name="Other months").get_by_role("link").first.click()
    phone.locator("#month-title", has_text=previous).wait_for()
    assert phone.evaluate("window.__samePage") is True
    assert phone.evaluate("document.activeElement.id") == "month-title"
    assert f"month={start:%Y-%m}" in phone.url
    first_day = phone.get_by_role("link", name=re.compile(rf"^{start.day} {start:%B}: 1 taken"))
    assert first_day.count() == 1
    first_day.click()
    assert phone.url.endswith(f"#day-{start:%Y-%m-%d}")
    entry = phone.locator(f"#day-{start:%Y-%m-%d} .history-dose").first
    assert re.sub(r"\s+", " ", entry.inner_text()).endswith("Taken · 08:05 · marked by Ana")
    assert axe_violations(phone) == []
    # The cell's state is not colour alone: the icon is text, and the legend names it.
    assert phone.locator(".legend").inner_text().count("Missed") == 1
    # Switching reading level after moving month stays on that month.
    phone.get_by_role("navigation", name="Reading level").get_by_role("link", name="Easy").click()
    expect(phone.locator("#month-title")).to_have_text(previous)


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def test_medicine_card_is_large_accessible_and_prints_on_one_page(
    live_server, phone, carer, leo
) -> None:
    from tests.schedule_helpers import schedule_make

    start = dt.date.today() - dt.timedelta(days=3)
    schedule_make(leo, "voclosporin", start=start)
    schedule_make(
        leo, "tacrolimus-ir", times=("09:00", "21:00"), start=start, team_window_hours=None
    )
    schedule_make(leo, "envarsus-xr", times=("07:00",), start=start)
    schedule_make(leo, "tacrolimus-ointment", times=("10:00", "22:00"), start=start)
    phone_sign_in(phone, live_server, carer)
    for level in ("easy", "standard", "detailed"):
        phone.goto(f"{live_server.url}/people/{leo.pk}/card/?level={level}")
        assert phone.get_by_role("heading", level=1).inner_text() == "Medicine card: Leo"
        assert axe_violations(phone) == []
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        size = phone.locator(".card-table").evaluate("el => getComputedStyle(el).fontSize")
        assert float(size.removesuffix("px")) >= 20  # large type on screen
        assert phone.locator(".card-table tbody tr").count() == 7
        phone.emulate_media(media="print")
        assert phone.locator(".site-header").is_hidden()
        assert phone.locator("[data-print]").is_hidden()
        for paper in ("A4", "Letter"):
            pdf = phone.pdf(format=paper, print_background=False)
            assert _pdf_pages(pdf) == 1, f"{level} card on {paper} is {_pdf_pages(pdf)} pages"
        phone.emulate_media(media="screen")
