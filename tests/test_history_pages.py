"""History pages, the CSV, the printable history and the card: who may read them and what
they show; who marked each dose on Today and in the history."""

from __future__ import annotations

import datetime as dt
import html
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from education.models import DoseRecord, Membership, ScheduledDose, SymptomCheck
from tests.schedule_helpers import schedule_make

pytestmark = pytest.mark.django_db
NEW_YORK = ZoneInfo("America/New_York")
READ_NAMES = ["history", "history-print", "history-csv", "schedule-card"]


def member(person, email: str, role: str, **fields) -> tuple[object, Client]:
    user = get_user_model().objects.create_user(email, email, "pw-long-enough-3", **fields)
    Membership.objects.create(person=person, user=user, role=role)
    client = Client()
    client.force_login(user)
    return user, client


def dose_id(person, time: str) -> int:
    return ScheduledDose.objects.get(
        version__schedule__person=person, time=dt.time.fromisoformat(time)
    ).pk


def text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


# --- Who may read ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", READ_NAMES)
@pytest.mark.parametrize("role", [Membership.EDIT, Membership.VIEW])
def test_members_who_can_edit_or_only_view_can_read_history_and_card(
    leo, at, name: str, role: str
) -> None:
    schedule_make(leo, "voclosporin", start=dt.date(2026, 5, 1))
    at(2026, 5, 4, 9, 0)
    _user, client = member(leo, "helper@example.org", role)
    assert client.get(reverse(name, args=[leo.pk])).status_code == 200


@pytest.mark.parametrize("name", READ_NAMES)
def test_an_outsider_gets_404_on_history_and_card(leo, intruder_client, name: str) -> None:
    assert intruder_client.get(reverse(name, args=[leo.pk])).status_code == 404


@pytest.mark.parametrize("name", READ_NAMES)
def test_a_removed_member_loses_the_history_at_once(leo, name: str) -> None:
    user, client = member(leo, "helper@example.org", Membership.VIEW)
    Membership.objects.filter(user=user).delete()
    assert client.get(reverse(name, args=[leo.pk])).status_code == 404


# --- Who marked it, on Today and in the history ----------------------------------------------


def test_a_dose_marked_by_a_can_edit_member_says_who_on_today_and_in_history(
    carer_client, carer, leo, at
) -> None:
    schedule_make(leo, "voclosporin", start=dt.date(2026, 5, 1))
    _bo, bo_client = member(leo, "bo@example.org", Membership.EDIT, first_name="Bo")
    _vi, viewer_client = member(leo, "vi.ng@example.org", Membership.VIEW)
    at(2026, 5, 4, 8, 5)
    response = bo_client.post(
        reverse("dose-mark"),
        {"dose": dose_id(leo, "08:00"), "day": "2026-05-04", "status": "taken"},
    )
    assert response.status_code == 302
    assert "Taken · 08:05 · marked by Bo" in text(carer_client.get(reverse("today")))
    assert "Taken · 08:05 · marked by you" in text(bo_client.get(reverse("today")))
    assert "Taken · 08:05 · marked by Bo" in text(viewer_client.get(reverse("today")))
    at(2026, 5, 5, 9, 0)
    history_url = reverse("history", args=[leo.pk])
    assert "Taken · 08:05 · marked by Bo" in text(carer_client.get(history_url))
    assert "Taken · 08:05 · marked by you" in text(bo_client.get(history_url))
    assert "Taken · 08:05 · marked by Bo" in text(viewer_client.get(history_url))


def test_the_htmx_card_after_marking_says_marked_by_you(carer_client, leo, at) -> None:
    schedule_make(leo, "voclosporin", start=dt.date(2026, 5, 1))
    at(2026, 5, 4, 8, 5)
    response = carer_client.post(
        reverse("dose-mark"),
        {"dose": dose_id(leo, "08:00"), "day": "2026-05-04", "status": "taken"},
        headers={"HX-Request": "true"},
    )
    assert "Taken · 08:05 · marked by you" in text(response)


def test_without_a_first_name_the_marker_is_the_email_before_the_at(carer_client, leo, at) -> None:
    schedule_make(leo, "voclosporin", start=dt.date(2026, 5, 1))
    helper = get_user_model().objects.create_user("sam.k@example.org", "sam.k@example.org", "x")
    DoseRecord.objects.create(
        dose_id=dose_id(leo, "08:00"), day=dt.date(2026, 5, 4), status="taken",
        marked_by=helper, marked_at=at(2026, 5, 4, 8, 5),
    )  # fmt: skip
    markup = carer_client.get(reverse("today")).content.decode()
    assert "marked by sam.k" in markup
    assert "sam.k@example.org" not in markup


# --- The history page ------------------------------------------------------------------------


def test_history_page_shows_shares_the_month_grid_and_each_dose(carer_client, leo, at) -> None:
    schedule_make(leo, "voclosporin", start=dt.date(2026, 5, 1))
    for day in (1, 2, 3):
        DoseRecord.objects.create(
            dose_id=dose_id(leo, "08:00"), day=dt.date(2026, 5, day), status="taken",
            marked_at=at(2026, 5, day, 8, 30),
        )  # fmt: skip
    at(2026, 5, 4, 9, 0)
    response = carer_client.get(reverse("history", args=[leo.pk]))
    assert response.status_code == 200
    page = text(response)
    # 1-3 May: 3 on time of 6; today's 08:00 is still due, so not counted.
    assert "Last 7 days: 3 of 6 doses on time (50%)" in page
    assert "Last 30 days: 3 of 6 doses on time (50%)" in page
    assert "no more than 1 hour after" in page
    assert "3 May: 1 taken, 1 missed" in page
    assert "4 May: 2 not marked yet" in page
    markup = response.content.decode()
    assert 'href="#day-2026-05-03"' in markup and 'id="day-2026-05-03"' in markup
    assert '<td class="month-future"><span class="month-date">5</span></td>' in markup
    assert "Due now" in page and "Mark it on Today" in page
    assert "Missed" in page
    assert "June 2026" not in page  # no month that has not come yet


def test_history_page_partial_is_the_month_alone_for_htmx(carer_client, leo, at) -> None:
    schedule_make(leo, "voclosporin", start=dt.date(2026, 4, 20))
    at(2026, 5, 4, 9, 0)
    url = reverse("history", args=[leo.pk]) + "?month=2026-04"
    response = carer_client.get(url, headers={"HX-Request": "true"})
    markup = response.content.decode()
    assert response.status_code == 200
    assert markup.lstrip().startswith('<section class="month-view" id="month"')
    assert "<h1" not in markup
    assert "April 2026" in markup and "May 2026" in markup  # the next month link
    assert "HX-Request" in response["Vary"]
    # The reading-level links come along out of band, so switching level keeps the month.
    assert '<ul id="level-options" hx-swap-oob="true">' in markup
    assert "?month=2026-04&amp;level=easy" in markup
    full = carer_client.get(url)
    assert "hx-swap-oob" not in full.content.decode().split('id="level-options"')[1][:20]
    assert "<h1>Dose history: Leo</h1>" in full.content.decode()


def test_a_history_restore_request_gets_the_whole_page(carer_client, leo, at) -> None:
    at(2026, 5, 4, 9, 0)
    response = carer_client.get(
        reverse("history", args=[leo.pk]),
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<h1>" in response.content.decode()


@pytest.mark.parametrize(
    ("month", "message"),
    [
        ("2026-06", "There is no history for months that have not come yet."),
        ("junk", "Choose a month like 2026-05."),
    ],
)
def test_a_bad_month_says_why_and_shows_this_month(
    carer_client, leo, at, month: str, message: str
) -> None:
    at(2026, 5, 4, 9, 0)
    response = carer_client.get(reverse("history", args=[leo.pk]), {"month": month})
    assert response.status_code == 400
    page = text(response)
    assert message in page
    assert "May 2026" in page
    assert response.content.decode().count("<title>Error:") == 1


def test_history_shows_saved_blood_pressure_with_its_tier(carer_client, leo, at) -> None:
    schedule_make(leo, "voclosporin", start=dt.date(2026, 5, 1))
    high = SymptomCheck.objects.create(
        person=leo, tier="emergency", systolic=190, diastolic=125, systolic_2=188, diastolic_2=121
    )
    usual = SymptomCheck.objects.create(person=leo, tier="", systolic=122, diastolic=78)
    SymptomCheck.objects.filter(pk=high.pk).update(created=at(2026, 5, 2, 7, 40))
    SymptomCheck.objects.filter(pk=usual.pk).update(created=at(2026, 5, 3, 7, 40))
    at(2026, 5, 4, 9, 0)
    page = text(carer_client.get(reverse("history", args=[leo.pk])))
    assert "07:40 Blood pressure 190/125, then 188/121" in page
    assert "Result of that check: Emergency" in page
    assert "2 May: 2 missed; blood pressure saved, emergency" in page
    assert "Blood pressure 122/78 Result of that check: Below the numbers that need a call" in page


def test_a_month_before_any_schedule_says_so(carer_client, leo, at) -> None:
    schedule_make(leo, "voclosporin", start=dt.date(2026, 5, 1))
    at(2026, 5, 4, 9, 0)
    page = text(carer_client.get(reverse("history", args=[leo.pk]), {"month": "2026-03"}))
    assert "No doses were on the schedule in March 2026." in page


def test_history_post_is_not_allowed_for_the_owner(carer_client, leo) -> None:
    assert carer_client.post(reverse("history", args=[leo.pk])).status_code == 405


# --- CSV and printable history ---------------------------------------------------------------


def test_csv_download_is_an_attachment_with_a_safe_name(carer_client, leo, at) -> None:
    leo.name = 'Leo "=2+2"'
    leo.save()
    schedule_make(leo, "voclosporin", start=dt.date(2026, 5, 3))
    at(2026, 5, 4, 9, 0)
    response = carer_client.get(reverse("history-csv", args=[leo.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="dose-history-leo-22-2026-05-04.csv"'
    )
    assert "no-store" in response["Cache-Control"]
    lines = response.content.decode().splitlines()
    assert lines[0] == "Date,Time,Medicine,Dose,Status,Marked at,Marked by"
    assert len(lines) == 5  # 3 and 4 May, 2 doses each


def test_printable_history_lists_30_days_oldest_first_with_who_marked(
    carer_client, carer, leo, at
) -> None:
    carer.first_name = "Ana"
    carer.save()
    schedule_make(leo, "voclosporin", start=dt.date(2026, 4, 1))
    DoseRecord.objects.create(
        dose_id=dose_id(leo, "20:00"), day=dt.date(2026, 5, 3), status="skipped",
        marked_by=carer, marked_at=at(2026, 5, 3, 20, 15),
    )  # fmt: skip
    at(2026, 5, 4, 9, 0)
    response = carer_client.get(reverse("history-print", args=[leo.pk]))
    page = text(response)
    assert "The last 30 days, 5 April 2026 to 4 May 2026." in page
    days = re.findall(r"<tr><td>(\w+ \d+ \w+)</td>", response.content.decode())
    assert days[0] == "Sun 5 Apr" and days[-1] == "Mon 4 May"
    assert len(days) == 60
    # The printout goes to the clinic: names, never "you".
    assert "Skipped · 20:15 · marked by Ana" in page
    assert "marked by you" not in page
    assert "No blood pressure readings were saved in these 30 days." in page


# --- The card --------------------------------------------------------------------------------


def test_card_shows_doses_food_and_missed_dose_rules_and_every_number(
    carer_client, leo, at
) -> None:
    schedule_make(leo, "voclosporin", start=dt.date(2026, 5, 1))
    schedule_make(leo, "tacrolimus-ir", times=("09:00", "21:00"), start=dt.date(2026, 5, 1))
    at(2026, 5, 4, 9, 0)
    response = carer_client.get(reverse("schedule-card", args=[leo.pk]))
    page = text(response)
    rows = re.findall(
        r'<td class="card-time">(\d\d:\d\d)</td><td>([^<]+)</td>', response.content.decode()
    )
    assert [time for time, _ in rows] == ["08:00", "09:00", "20:00", "21:00"]
    assert "Take it with an empty stomach. That is 1 hour before food or 2 hours after." in page
    assert "Take it the same way every day: always with food, or always without." in page
    assert "Up to 4 hours late, take it now." in page or "up to 4 hours late, take it now" in page
    assert "ask your care team for their rule" in page.lower()
    assert "Emergency: 911" in page and "Poison help: 1-800-222-1222" in page
    assert "Care team (daytime): 555-0100" in page
    assert "Care team (evenings and weekends): 555-0199" in page
    assert 'href="tel:911"' in response.content.decode()


def test_card_says_when_team_numbers_are_missing(carer_client, carer, at) -> None:
    from tests.schedule_helpers import person_make

    mum = person_make(carer, "Mum")
    at(2026, 5, 4, 9, 0)
    page = text(carer_client.get(reverse("schedule-card", args=[mum.pk])))
    assert "No medicines are on Mum's schedule yet." in page
    assert "Add a medicine" in page
    assert page.count("not entered yet") == 2


def test_card_for_a_viewer_has_no_links_to_change_anything(leo, at) -> None:
    schedule_make(leo, "tacrolimus-ir", start=dt.date(2026, 5, 1), team_window_hours=Decimal("6"))
    _user, client = member(leo, "viewer@example.org", Membership.VIEW)
    at(2026, 5, 4, 9, 0)
    response = client.get(reverse("schedule-card", args=[leo.pk]))
    markup = response.content.decode()
    assert "Your care team's rule: up to 6 hours late, take it now." in text(response)
    assert reverse("schedules", args=[leo.pk]) not in markup
    assert reverse("person-edit", args=[leo.pk]) not in markup


def test_todays_cell_is_marked_as_the_current_date(carer_client, leo, at) -> None:
    at(2026, 5, 4, 9, 0)
    markup = carer_client.get(reverse("history", args=[leo.pk])).content.decode()
    assert markup.count('aria-current="date"') == 1
    assert '<td class="month-today" aria-current="date"><span class="month-date">4</span>' in markup


@pytest.mark.parametrize("name", READ_NAMES)
def test_a_view_only_member_cannot_post_to_history_or_card(leo, name: str) -> None:
    _user, client = member(leo, "viewer@example.org", Membership.VIEW)
    assert client.post(reverse(name, args=[leo.pk])).status_code == 405


def test_a_view_only_member_is_not_offered_to_mark_an_open_dose(leo, at) -> None:
    schedule_make(leo, "voclosporin", start=dt.date(2026, 5, 1))
    _user, client = member(leo, "viewer@example.org", Membership.VIEW)
    at(2026, 5, 4, 8, 30)
    page = text(client.get(reverse("history", args=[leo.pk])))
    assert "Due now" in page
    assert "Mark it on Today" not in page


def test_card_shows_a_medicine_that_starts_later_with_its_start_date(carer_client, leo, at) -> None:
    schedule_make(leo, "envarsus-xr", times=("08:00",), start=dt.date(2026, 5, 10))
    at(2026, 5, 4, 9, 0)
    page = text(carer_client.get(reverse("schedule-card", args=[leo.pk])))
    assert "08:00 Envarsus XR (tacrolimus) from 10 May 3 mg" in page
