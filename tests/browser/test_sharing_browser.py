"""Sharing a person's care, in real Chromium on two phones."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.axe import axe_violations
from tests.helpers import PASSWORD, account_create, person_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, base: str, email: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_second_account_accepts_a_view_only_invitation_and_cannot_change_anything(
    live_server, browser, phone
) -> None:
    from education.models import DoseRecord
    from tests.conftest import PHONE
    from tests.schedule_helpers import schedule_make

    ana = account_create("ana@example.org")
    mum = person_create(account=ana, name="Mum", emergency_number="999")
    schedule = schedule_make(mum, "voclosporin", start=dt.date.today() - dt.timedelta(days=3))
    sign_in(phone, live_server.url, "ana@example.org")
    phone.goto(live_server.url + "/people/")
    phone.get_by_role("link", name="Share Mum's care").click()
    phone.get_by_label("Can view").check()
    phone.get_by_role("button", name="Make an invitation link").click()
    link = phone.locator("#invite-link-text").inner_text().strip()
    copy = phone.get_by_role("button", name="Copy the link")
    expect(copy).to_be_visible()
    copy.click()
    expect(phone.locator("#share-status")).to_have_text("Link copied.")
    assert axe_violations(phone) == []
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    context = browser.new_context(**PHONE)
    lee = context.new_page()
    lee.goto(link)
    expect(lee.get_by_role("heading", level=1)).to_have_text("Help look after Mum")
    assert axe_violations(lee) == []
    lee.get_by_role("link", name="Create an account").click()
    lee.get_by_label("Email address").fill("lee@example.org")
    lee.get_by_label("Password:", exact=True).fill(PASSWORD)
    lee.get_by_label("Type the password again").fill(PASSWORD)
    lee.get_by_role("button", name="Create account").click()
    expect(lee.get_by_role("heading", level=1)).to_have_text("Help look after Mum")
    lee.get_by_role("button", name="Accept").click()

    card = lee.locator(".person-card", has_text="Mum")
    expect(card).to_contain_text("You can view.")
    assert "Now showing" in card.inner_text()
    assert card.get_by_role("link", name="Edit Mum").count() == 0
    assert axe_violations(lee) == []
    assert "999" in lee.locator(".help-now").inner_text()
    # Today shows Mum's doses to the view-only helper, with nothing to press.
    lee.goto(live_server.url + "/today/")
    mum_today = lee.locator(".today-person", has_text="Mum")
    expect(mum_today.locator(".dose").first).to_contain_text("Lupkynis")
    assert mum_today.get_by_role("button", name="Taken").count() == 0
    assert axe_violations(lee) == []
    # A mark sent by hand is refused and nothing is recorded.
    dose = schedule.versions.get().doses.first()
    csrf = next(c["value"] for c in context.cookies() if c["name"] == "csrftoken")
    refused = lee.request.post(
        live_server.url + "/today/mark/",
        form={"dose": str(dose.pk), "day": dt.date.today().isoformat(), "status": "taken"},
        headers={"X-CSRFToken": csrf, "Referer": live_server.url + "/today/"},
    )
    assert refused.status == 403
    assert not DoseRecord.objects.exists()

    lee.goto(f"{live_server.url}/people/{mum.pk}/edit/")
    expect(lee.get_by_role("heading", level=1)).to_have_text("You cannot change this")
    assert axe_violations(lee) == []

    # The manager sees the new helper and removes them; it takes effect at once.
    phone.goto(f"{live_server.url}/people/{mum.pk}/sharing/")
    assert "lee@example.org" in phone.locator(".access-list").inner_text()
    phone.get_by_role("button", name="Remove lee@example.org").click()
    expect(phone.locator(".notice").first).to_contain_text("can no longer see Mum")
    lee.goto(live_server.url + "/people/")
    assert lee.locator(".person-card", has_text="Mum").count() == 0
    context.close()
