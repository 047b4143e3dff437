"""The Today page: each person's doses in order, one-tap marks, advice and help links."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from education.models import DoseRecord, ScheduledDose
from tests.schedule_helpers import person_make, schedule_make

pytestmark = pytest.mark.django_db
NEW_YORK = ZoneInfo("America/New_York")


def dose_id(person, time: str) -> int:
    return ScheduledDose.objects.get(
        version__schedule__person=person, time=dt.time.fromisoformat(time)
    ).pk


def mark(client: Client, dose: int, status: str = "taken", day: str = "2026-05-04", **headers):
    return client.post(
        reverse("dose-mark"), {"dose": dose, "day": day, "status": status}, **headers
    )


def cards(html: str) -> list[str]:
    return re.findall(r'<li class="dose dose-(\w+)" id="dose-\d+-\d+">', html)


def test_today_lists_each_persons_doses_in_time_order(carer_client, carer, leo, at) -> None:
    mum = person_make(carer, "Mum", time_zone="Europe/London")
    schedule_make(leo, "voclosporin")
    schedule_make(leo, "envarsus-xr", times=("07:00",))
    schedule_make(mum, "tacrolimus-ir")
    at(2026, 5, 4, 7, 30)
    html = carer_client.get(reverse("today")).content.decode()
    leo_part, mum_part = html.split('id="person-')[1:3]
    times = re.findall(r'<p class="dose-time"><time[^>]*>(\d\d:\d\d)</time>', leo_part)
    assert times == ["07:00", "08:00", "20:00"]
    assert cards(leo_part) == ["due", "upcoming", "upcoming"]
    # 07:30 in New York is 12:30 in London: Mum's 08:00 dose is late, with no team window.
    assert cards(mum_part) == ["late", "upcoming"]
    assert "Monday 4 May" in leo_part


def test_voclosporin_3_hours_late_says_take_it_now_on_today(carer_client, leo, at) -> None:
    schedule_make(leo, "voclosporin")
    at(2026, 5, 4, 11, 0)
    html = carer_client.get(reverse("today")).content.decode()
    assert cards(html)[0] == "late"
    assert "Take it now. Take the next dose at the usual time." in html


def test_voclosporin_5_hours_late_says_skip_it_on_today(carer_client, leo, at) -> None:
    schedule_make(leo, "voclosporin")
    at(2026, 5, 4, 13, 0)
    html = carer_client.get(reverse("today")).content.decode()
    assert cards(html)[0] == "missed"
    assert "Skip this dose. Take the next dose at the usual time." in html


def test_without_a_team_window_today_shows_only_call_now_with_the_numbers(
    carer_client, leo, at
) -> None:
    schedule_make(leo, "tacrolimus-ir")
    at(2026, 5, 4, 13, 0)
    html = carer_client.get(reverse("today")).content.decode()
    assert "Never take 2 doses together. Call your care team or pharmacist now." in html
    assert 'href="tel:555-0100"'.replace("-", "") in html.replace("-", "")
    assert "555-0199" in html
    assert "Take it now" not in html and "Skip this dose" not in html


def test_with_a_team_window_today_gives_the_teams_rule(carer_client, leo, at) -> None:
    from decimal import Decimal

    schedule_make(leo, "tacrolimus-ir", team_window_hours=Decimal("6"))
    at(2026, 5, 4, 13, 0)
    html = carer_client.get(reverse("today")).content.decode()
    assert "Your care team&#x27;s rule: up to 6 hours late, take it now." in html


def test_marking_a_dose_taken_without_javascript_redirects_back_to_its_card(
    carer_client, carer, leo, at
) -> None:
    schedule_make(leo, "voclosporin")
    at(2026, 5, 4, 8, 10)
    dose = dose_id(leo, "08:00")
    response = mark(carer_client, dose)
    assert response.status_code == 302
    assert response["Location"] == f"/today/#dose-{dose}-20260504"
    record = DoseRecord.objects.get()
    assert (record.status, record.marked_by, record.day) == ("taken", carer, dt.date(2026, 5, 4))
    html = carer_client.get(reverse("today")).content.decode()
    assert cards(html)[0] == "taken"
    assert "Undo" in html


def test_marking_with_htmx_returns_only_the_card(carer_client, leo, at) -> None:
    schedule_make(leo, "voclosporin")
    at(2026, 5, 4, 8, 10)
    dose = dose_id(leo, "08:00")
    response = mark(carer_client, dose, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<li class="dose dose-taken" id="dose-{dose}-20260504"')
    assert "<h1" not in html and "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_a_dose_marked_taken_twice_is_refused_with_a_message(carer_client, leo, at) -> None:
    schedule_make(leo, "voclosporin")
    at(2026, 5, 4, 8, 10)
    dose = dose_id(leo, "08:00")
    mark(carer_client, dose)
    again = mark(carer_client, dose, HTTP_HX_REQUEST="true")
    assert (
        "You already marked this dose as taken. Never take 2 doses together."
        in again.content.decode()
    )
    assert DoseRecord.objects.count() == 1
    plain = mark(carer_client, dose, follow=True)
    assert "You already marked this dose as taken." in plain.content.decode()


def test_skipped_then_undo_leaves_the_dose_open_again(carer_client, leo, at) -> None:
    schedule_make(leo, "voclosporin")
    at(2026, 5, 4, 14, 0)
    dose = dose_id(leo, "08:00")
    mark(carer_client, dose, "skipped")
    assert DoseRecord.objects.get().status == "skipped"
    refused = mark(carer_client, dose, "taken", HTTP_HX_REQUEST="true").content.decode()
    assert "This dose is already marked. Tap Undo first to change it." in refused
    response = carer_client.post(
        reverse("dose-undo"), {"dose": dose, "day": "2026-05-04"}, HTTP_HX_REQUEST="true"
    )
    assert DoseRecord.objects.count() == 0
    assert 'class="dose dose-missed"' in response.content.decode()


def test_a_dose_for_a_future_day_or_off_schedule_cannot_be_marked(carer_client, leo, at) -> None:
    schedule_make(leo, "voclosporin", start=dt.date(2026, 5, 1))
    at(2026, 5, 4, 8, 10)
    dose = dose_id(leo, "08:00")
    for day in ("2026-05-05", "2026-04-30"):
        response = mark(carer_client, dose, day=day, follow=True)
        assert "This dose is not on the schedule for that day." in response.content.decode()
    assert DoseRecord.objects.count() == 0


def test_a_bad_mark_request_is_404_not_500(carer_client, leo, at) -> None:
    schedule_make(leo, "voclosporin")
    at(2026, 5, 4, 8, 10)
    dose = dose_id(leo, "08:00")
    assert (
        carer_client.post(reverse("dose-mark"), {"dose": "x", "day": "2026-05-04"}).status_code
        == 404
    )
    assert mark(carer_client, dose, status="eaten").status_code == 404
    assert mark(carer_client, 999999).status_code == 404


def test_yesterdays_late_evening_dose_stays_on_today_after_midnight(carer_client, leo, at) -> None:
    from decimal import Decimal

    schedule_make(leo, "tacrolimus-ir", times=("09:00", "21:00"), team_window_hours=Decimal("6"))
    at(2026, 5, 5, 1, 0)
    html = carer_client.get(reverse("today")).content.decode()
    assert "yesterday" in html
    assert cards(html)[0] == "late"


def test_today_links_to_too_much_and_pills_look_different_help(carer_client, leo, at) -> None:
    at(2026, 5, 4, 8, 0)
    html = carer_client.get(reverse("today")).content.decode()
    assert 'href="/help/#too-much"' in html
    assert 'href="/help/#pills-look-different"' in html
