"""Refills: the pack count goes down with doses marked taken, the run-out date, the warning
on Today, the calendar event N days before, the mismatch, the new-pack form and who may use it."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from education import refills, reminders, schedules
from education.catalog import ContentError
from education.models import DoseRecord, Membership, RefillPack, Schedule, ScheduledDose
from education.readability import texts_all
from education.schedules import DoseTime
from tests.schedule_helpers import person_make, schedule_make

pytestmark = pytest.mark.django_db
NEW_YORK = ZoneInfo("America/New_York")
# Saturday 2 May 2026, noon in New York: the morning dose is due, the evening one is not.
NOON = dt.datetime(2026, 5, 2, 12, 0, tzinfo=NEW_YORK)


@pytest.fixture
def voclosporin(leo) -> Schedule:
    """3 capsules at 08:00 and 20:00 from 1 January 2026."""
    return schedule_make(leo, "voclosporin")


def pack(schedule: Schedule, units: str, started: str = "2026-05-01", warn_days: int = 7):
    return refills.pack_start(
        schedule=schedule,
        units=Decimal(units),
        unit=refills.pack_unit(schedule=schedule),
        started=dt.date.fromisoformat(started),
        warn_days=warn_days,
        user=None,
    )


def mark(schedule: Schedule, day: str, time: str, status: str = "taken") -> None:
    dose = ScheduledDose.objects.get(version__schedule=schedule, time=dt.time.fromisoformat(time))
    DoseRecord.objects.create(
        dose=dose, day=dt.date.fromisoformat(day), status=status, marked_at=NOON
    )


def status_now(schedule: Schedule, now: dt.datetime = NOON) -> refills.RefillStatus:
    return refills.refill_status(schedule=Schedule.objects.get(pk=schedule.pk), now=now)


# --- The count and the run-out date ------------------------------------------------------


def test_each_dose_marked_taken_takes_its_amount_off_the_pack(voclosporin) -> None:
    pack(voclosporin, "60")
    mark(voclosporin, "2026-05-01", "08:00")
    mark(voclosporin, "2026-05-01", "20:00")
    mark(voclosporin, "2026-05-02", "08:00")
    status = status_now(voclosporin)
    assert status.state == "ok"
    assert status.left == Decimal("51")
    assert status.left_words == "51 capsules"


def test_skipped_doses_and_doses_before_the_pack_started_are_not_counted(voclosporin) -> None:
    mark(voclosporin, "2026-04-30", "20:00")
    pack(voclosporin, "60")
    mark(voclosporin, "2026-05-01", "08:00", status="skipped")
    mark(voclosporin, "2026-05-01", "20:00")
    assert status_now(voclosporin).left == Decimal("57")


def test_the_run_out_date_is_the_first_day_a_full_dose_is_not_left(voclosporin) -> None:
    pack(voclosporin, "60")
    for day, time in [("2026-05-01", "08:00"), ("2026-05-01", "20:00"), ("2026-05-02", "08:00")]:
        mark(voclosporin, day, time)
    # 51 left: tonight's dose leaves 48, enough for 8 full days (3 to 10 May) at 6 a day.
    status = status_now(voclosporin)
    assert status.run_out == dt.date(2026, 5, 11)
    assert status.run_out_words == "Monday 11 May"


def test_a_dose_due_today_but_not_yet_marked_still_needs_medicine(voclosporin) -> None:
    pack(voclosporin, "6", started="2026-05-02")
    # Noon: the 08:00 dose is not marked yet, so both of today's doses need the 6 capsules.
    assert status_now(voclosporin).run_out == dt.date(2026, 5, 3)
    mark(voclosporin, "2026-05-02", "08:00", status="skipped")
    assert status_now(voclosporin).run_out == dt.date(2026, 5, 3)
    assert status_now(voclosporin).left == Decimal("6")


def test_a_pack_that_cannot_cover_the_next_dose_runs_out_today(voclosporin) -> None:
    pack(voclosporin, "2", started="2026-05-02")
    status = status_now(voclosporin)
    assert status.run_out == dt.date(2026, 5, 2)
    assert status.state == "low"


def test_a_dose_change_from_a_later_date_moves_the_run_out_date(voclosporin) -> None:
    pack(voclosporin, "60", started="2026-05-02")
    assert status_now(voclosporin).run_out == dt.date(2026, 5, 12)
    doses = [DoseTime(dt.time(8), Decimal("6"), "capsules")]
    schedules.schedule_change(schedule=voclosporin, doses=doses, start=dt.date(2026, 5, 5))
    # 2 to 4 May take 18 of the 60; then 6 a day: 42 last 7 days, 5 to 11 May.
    assert status_now(voclosporin).run_out == dt.date(2026, 5, 12)
    doses = [DoseTime(dt.time(8), Decimal("7"), "capsules")]
    schedules.schedule_change(schedule=voclosporin, doses=doses, start=dt.date(2026, 5, 6))
    # 2 to 5 May take 24; then 7 a day: 36 last 5 days, 6 to 10 May.
    assert status_now(voclosporin).run_out == dt.date(2026, 5, 11)


def walk_day_by_day(*, left, today, time_zone, versions, done_today):
    """The plain rule, one dose at a time, to check the faster walk against."""
    from education.today import doses_on

    for offset in range(refills.HORIZON_DAYS):
        day = today + dt.timedelta(days=offset)
        for planned in doses_on(day=day, time_zone=time_zone, versions=versions):
            if offset == 0 and planned.key in done_today:
                continue
            if left < planned.dose.amount:
                return day
            left -= planned.dose.amount
    return None


def plan(key: str, start: str, end: str | None, *amounts: str) -> tuple:
    times = [dt.time(8), dt.time(14), dt.time(20)]
    doses = [DoseTime(times[i], Decimal(a), "mg") for i, a in enumerate(amounts)]
    return (key, dt.date.fromisoformat(start), end and dt.date.fromisoformat(end), doses)


@pytest.mark.parametrize("left", ["0", "2", "3", "7.5", "61", "500", "4000", "4500"])
@pytest.mark.parametrize(
    "versions",
    [
        [plan("1", "2026-01-01", None, "3", "3")],
        [plan("1", "2026-01-01", "2026-05-09", "3", "3"), plan("2", "2026-05-10", None, "0.5")],
        [
            plan("1", "2026-01-01", "2026-05-04", "2.5", "1", "2.5"),
            plan("2", "2026-06-01", None, "9"),
        ],
        [plan("1", "2026-01-01", "2026-07-01", "1", "2")],
        [plan("1", "2026-05-20", None, "3", "3")],
    ],
)
def test_the_run_out_date_matches_walking_every_dose_one_by_one(left, versions) -> None:
    arguments = {
        "left": Decimal(left),
        "today": dt.date(2026, 5, 2),
        "time_zone": "Europe/London",  # spans clock changes: each day keeps its doses
        "versions": versions,
        "done_today": {"1-0800"},
    }
    assert refills.run_out_find(**arguments) == walk_day_by_day(**arguments)


def test_a_medicine_that_stops_before_the_pack_is_used_has_no_run_out_date(voclosporin) -> None:
    schedules.schedule_end(schedule=voclosporin, end=dt.date(2026, 5, 10))
    pack(voclosporin, "500")
    status = status_now(voclosporin)
    assert status.run_out is None
    assert status.state == "ok"


def test_a_new_pack_resets_the_count(voclosporin) -> None:
    pack(voclosporin, "10")
    mark(voclosporin, "2026-05-01", "08:00")
    mark(voclosporin, "2026-05-01", "20:00")
    assert status_now(voclosporin).left == Decimal("4")
    pack(voclosporin, "90", started="2026-05-02")
    mark(voclosporin, "2026-05-02", "08:00")
    status = status_now(voclosporin)
    assert status.left == Decimal("87")
    assert status.pack.units == Decimal("90")
    assert status.state == "ok"


def test_a_schedule_without_a_pack_has_no_count(voclosporin) -> None:
    status = status_now(voclosporin)
    assert status.state == "none"
    assert status.message(level="standard") == ""


# --- The mismatch -------------------------------------------------------------------------


def test_more_taken_than_the_pack_held_is_a_mismatch_not_a_negative_or_a_zero(
    voclosporin,
) -> None:
    pack(voclosporin, "5")
    mark(voclosporin, "2026-05-01", "08:00")
    mark(voclosporin, "2026-05-01", "20:00")
    status = status_now(voclosporin)
    assert status.state == "mismatch"
    assert status.run_out is None
    text = status.message(level="standard")
    assert "says \u22121" in text
    assert "Please count your pack" in text


def test_the_refills_page_shows_the_mismatch_and_never_a_negative_count(
    carer_client, leo, voclosporin, at
) -> None:
    at(2026, 5, 2, 12, 0)
    pack(voclosporin, "3")
    mark(voclosporin, "2026-05-01", "08:00")
    mark(voclosporin, "2026-05-01", "20:00")
    mark(voclosporin, "2026-05-02", "08:00")
    html = carer_client.get(reverse("refills", args=[leo.pk])).content.decode()
    assert "The count for Lupkynis says \u22126" in html
    assert "Please count this pack." in html
    assert "data-refill-left" not in html
    assert not re.search(r"-\d+ capsules|\b0 capsules", html)


def test_a_dose_now_measured_in_another_unit_asks_for_a_new_count(voclosporin) -> None:
    pack(voclosporin, "60")
    doses = [
        DoseTime(dt.time(8), Decimal("23.7"), "mg"),
        DoseTime(dt.time(20), Decimal("23.7"), "mg"),
    ]
    schedules.schedule_change(schedule=voclosporin, doses=doses, start=dt.date(2026, 5, 3))
    status = status_now(voclosporin)
    assert status.state == "unit"
    assert "now measured in mg, but the pack was counted in capsules" in status.message(
        level="standard"
    )


def test_the_same_unit_in_other_capitals_keeps_counting(voclosporin) -> None:
    pack(voclosporin, "60")
    doses = [DoseTime(dt.time(8), Decimal("3"), "Capsules")]
    schedules.schedule_change(schedule=voclosporin, doses=doses, start=dt.date(2026, 5, 3))
    assert status_now(voclosporin).state == "ok"


# --- Today --------------------------------------------------------------------------------


def test_today_warns_within_the_chosen_days_before_the_run_out_date(
    carer_client, leo, voclosporin, at
) -> None:
    pack(voclosporin, "60", started="2026-05-02", warn_days=3)  # runs out on 12 May
    at(2026, 5, 2, 12, 0)
    html = carer_client.get(reverse("today")).content.decode()
    assert "Running low." not in html
    for day in range(2, 9):
        mark(voclosporin, f"2026-05-0{day}", "08:00")
        mark(voclosporin, f"2026-05-0{day}", "20:00")
    at(2026, 5, 9, 6, 0)  # 18 capsules left: 3 days before 12 May
    html = carer_client.get(reverse("today")).content.decode()
    assert "Running low." in html
    assert "Lupkynis runs out on Tuesday 12 May" in html
    assert "Ask your pharmacy or care team for more now" in html
    assert reverse("refills", args=[leo.pk]) in html


def test_the_today_warning_follows_the_reading_level(carer_client, voclosporin, at) -> None:
    pack(voclosporin, "6", started="2026-05-02")
    at(2026, 5, 2, 12, 0)
    easy = carer_client.get(reverse("today") + "?level=easy").content.decode()
    assert "Lupkynis will run out on Sunday 3 May. You have 6 capsules left." in easy
    detailed = carer_client.get(reverse("today") + "?level=detailed").content.decode()
    assert "call your pharmacist or care team before you take it" in detailed


def test_today_shows_a_mismatch_for_the_right_person_only(
    carer, carer_client, leo, voclosporin, at
) -> None:
    mum = person_make(carer, "Mum")
    schedule_make(mum, "voclosporin")
    pack(voclosporin, "3")
    mark(voclosporin, "2026-05-01", "08:00")
    mark(voclosporin, "2026-05-01", "20:00")
    at(2026, 5, 2, 12, 0)
    html = carer_client.get(reverse("today")).content.decode()
    leo_part, mum_part = html.split('id="person-')[1:3]
    assert "The count for Lupkynis says \u22123" in leo_part
    assert "refill-warning" not in mum_part


def test_a_stopped_medicine_gives_no_warning_on_today(carer_client, voclosporin, at) -> None:
    schedules.schedule_end(schedule=voclosporin, end=dt.date(2026, 5, 1))
    pack(voclosporin, "3")
    mark(voclosporin, "2026-05-01", "08:00")
    mark(voclosporin, "2026-05-01", "20:00")
    at(2026, 5, 2, 12, 0)
    assert "refill-warning" not in carer_client.get(reverse("today")).content.decode()


def test_marking_a_dose_on_today_counts_it_down(carer_client, leo, voclosporin, at) -> None:
    at(2026, 5, 2, 12, 0)
    pack(voclosporin, "30", started="2026-05-02")
    dose = ScheduledDose.objects.get(version__schedule=voclosporin, time=dt.time(8))
    carer_client.post(
        reverse("dose-mark"), {"dose": dose.pk, "day": "2026-05-02", "status": "taken"}
    )
    html = carer_client.get(reverse("refills", args=[leo.pk])).content.decode()
    assert re.search(r"data-refill-left>27 capsules<", html)


def test_marking_a_dose_with_htmx_also_swaps_the_refill_notice(
    carer_client, leo, voclosporin, at
) -> None:
    at(2026, 5, 2, 12, 0)
    pack(voclosporin, "12", started="2026-05-02")
    dose = ScheduledDose.objects.get(version__schedule=voclosporin, time=dt.time(8))
    html = carer_client.post(
        reverse("dose-mark"),
        {"dose": dose.pk, "day": "2026-05-02", "status": "taken"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert html.count("<h1") == 0
    assert f'id="dose-{dose.pk}-20260502"' in html
    notice = html.split(f'id="refill-notices-{leo.pk}"')[1]
    assert notice.startswith(' role="status" hx-swap-oob="true">')
    assert "with 9 capsules left now" in notice


def test_undoing_a_dose_with_htmx_puts_the_units_back_in_the_notice(
    carer_client, leo, voclosporin, at
) -> None:
    at(2026, 5, 2, 12, 0)
    pack(voclosporin, "12", started="2026-05-02")
    mark(voclosporin, "2026-05-02", "08:00")
    dose = ScheduledDose.objects.get(version__schedule=voclosporin, time=dt.time(8))
    html = carer_client.post(
        reverse("dose-undo"), {"dose": dose.pk, "day": "2026-05-02"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'hx-swap-oob="true"' in html
    assert "with 12 capsules left now" in html


def test_a_skin_product_running_low_never_says_to_keep_using_it(leo) -> None:
    ointment = schedule_make(leo, "tacrolimus-ointment")
    pack(ointment, "6", started="2026-05-02")
    status = status_now(ointment)
    assert status.state == "low"
    for level in ("easy", "standard", "detailed"):
        text = status.message(level=level)
        assert "If you still need it" in text or "If you do" in text
        assert "stop" not in text.lower()
    [event] = refill_events(leo)
    assert "If you still need it" in str(event["DESCRIPTION"])
    assert "stop" not in str(event["DESCRIPTION"]).lower()


def test_a_medicine_by_mouth_running_low_says_not_to_stop_it(voclosporin) -> None:
    pack(voclosporin, "6", started="2026-05-02")
    for level in ("easy", "standard", "detailed"):
        assert "stop" in status_now(voclosporin).message(level=level).lower()


# --- The calendar feed --------------------------------------------------------------------


def feed_events(person, stamp: dt.datetime = NOON) -> list:
    feed = reminders.feed_get(person=person)
    body = reminders.feed_render(feed=feed, today_url="https://example.org/today/", stamp=stamp)
    return Calendar.from_ical(body).walk("VEVENT")


def refill_events(person, stamp: dt.datetime = NOON) -> list:
    return [e for e in feed_events(person, stamp) if str(e["UID"]).startswith("refill-")]


def test_the_feed_has_an_all_day_event_the_chosen_days_before_the_run_out_date(
    leo, voclosporin
) -> None:
    made = pack(voclosporin, "60", started="2026-05-02")  # runs out on 12 May
    [event] = refill_events(leo)
    assert event["DTSTART"].dt == dt.date(2026, 5, 5)  # 7 days before, the default
    assert event["DTEND"].dt == dt.date(2026, 5, 6)
    assert str(event["UID"]) == f"refill-{made.pk}@reminders.cni-guide"
    assert str(event["SUMMARY"]) == "Medicine running low"
    assert "Your medicine runs out on Tuesday 12 May" in str(event["DESCRIPTION"])
    assert "Lupkynis" not in event.to_ical().decode()
    [alarm] = event.walk("VALARM")
    assert alarm["TRIGGER"].dt == dt.timedelta(hours=9)
    # The dose reminders are still there beside it.
    assert len(feed_events(leo)) == 3


def test_the_feed_event_moves_with_the_chosen_days_and_the_doses_taken(leo, voclosporin) -> None:
    made = pack(voclosporin, "60", started="2026-05-02", warn_days=3)
    [event] = refill_events(leo)
    assert event["DTSTART"].dt == dt.date(2026, 5, 9)
    RefillPack.objects.filter(pk=made.pk).update(units=Decimal("30"))
    [event] = refill_events(leo)
    # 30 capsules: 2 to 6 May, so it runs out on 7 May; 3 days before is 4 May.
    assert event["DTSTART"].dt == dt.date(2026, 5, 4)
    assert str(event["UID"]).startswith(f"refill-{made.pk}@")


def test_a_feed_event_already_due_sits_on_today(leo, voclosporin) -> None:
    pack(voclosporin, "12", started="2026-05-02")  # runs out on 4 May, warning from 27 April
    [event] = refill_events(leo)
    assert event["DTSTART"].dt == dt.date(2026, 5, 2)


def test_the_feed_names_the_medicine_only_when_names_are_turned_on(leo, voclosporin) -> None:
    pack(voclosporin, "60", started="2026-05-02")
    feed = reminders.feed_get(person=leo)
    feed.show_names = True
    feed.save()
    [event] = refill_events(leo)
    assert str(event["SUMMARY"]) == "Lupkynis: running low"
    assert "Lupkynis runs out on Tuesday 12 May" in str(event["DESCRIPTION"])


def test_no_feed_event_for_a_mismatch_or_without_a_pack(leo, voclosporin) -> None:
    assert refill_events(leo) == []
    pack(voclosporin, "3")
    mark(voclosporin, "2026-05-01", "08:00")
    mark(voclosporin, "2026-05-01", "20:00")
    assert refill_events(leo) == []


def test_the_subscribed_feed_link_carries_the_refill_event(
    client: Client, leo, voclosporin, at
) -> None:
    at(2026, 5, 2, 12, 0)
    pack(voclosporin, "60", started="2026-05-02")
    feed = reminders.feed_get(person=leo)
    url = reverse(
        "reminders-feed",
        kwargs={"person_id": leo.pk, "token": reminders.feed_token(feed=feed)},
    )
    events = Calendar.from_ical(client.get(url).content).walk("VEVENT")
    assert [e["DTSTART"].dt for e in events if str(e["UID"]).startswith("refill-")] == [
        dt.date(2026, 5, 5)
    ]


def test_the_refills_page_lists_every_medicine_with_its_count_and_run_out_date(
    carer_client, leo, voclosporin, at
) -> None:
    schedule_make(leo, "envarsus-xr", times=("09:00",))
    pack(voclosporin, "60", started="2026-05-02")
    at(2026, 5, 2, 12, 0)
    html = carer_client.get(reverse("refills", args=[leo.pk])).content.decode()
    lupkynis, envarsus = html.split('<section class="refill"')[1:3]
    assert "60 capsules" in lupkynis and "Tuesday 12 May" in lupkynis
    assert "Pack of 60 capsules started 2 May 2026. Warning 7 days before it runs out." in lupkynis
    assert "No pack entered yet." in envarsus
    assert envarsus.count("Start a new pack") == 1


# --- The new-pack form -----------------------------------------------------------------------


def new_pack_url(leo, schedule) -> str:
    return reverse("refill-new", args=[leo.pk, schedule.pk])


def test_the_new_pack_form_saves_a_pack_in_the_schedules_unit(
    carer, carer_client, leo, voclosporin, at
) -> None:
    at(2026, 5, 2, 12, 0)
    page = carer_client.get(new_pack_url(leo, voclosporin)).content.decode()
    assert "How many capsules you have now" in page
    assert 'value="7"' in page and 'value="2026-05-02"' in page
    response = carer_client.post(
        new_pack_url(leo, voclosporin), {"units": "84", "started": "2026-05-02", "warn_days": "10"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("refills", args=[leo.pk])
    made = RefillPack.objects.get()
    assert (made.units, made.unit, made.warn_days, made.created_by) == (
        Decimal("84"),
        "capsules",
        10,
        carer,
    )
    html = carer_client.get(response["Location"]).content.decode()
    assert "Saved the new pack of Lupkynis." in html
    assert re.search(r"data-refill-left>84 capsules<", html)
    assert "Warning 10 days before it runs out." in html


def test_the_new_pack_form_offers_the_last_packs_warning_days(
    carer_client, leo, voclosporin, at
) -> None:
    at(2026, 5, 2, 12, 0)
    pack(voclosporin, "60", warn_days=12)
    assert 'value="12"' in carer_client.get(new_pack_url(leo, voclosporin)).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"units": "0"}, "Use a number bigger than 0, like 60."),
        ({"units": "-5"}, "Use a number bigger than 0, like 60."),
        ({"units": "lots"}, "Use a number bigger than 0, like 60."),
        ({"units": ""}, "Use a number bigger than 0, like 60."),
        ({"units": "NaN"}, "Use a number bigger than 0, like 60."),
        ({"units": "6000"}, "Enter a number up to 5000."),
        ({"started": ""}, "Enter the date you started this pack, like 2026-03-12."),
        ({"started": "2026-13-40"}, "Enter the date you started this pack, like 2026-03-12."),
        ({"started": "2026-05-03"}, "The start date cannot be after today."),
        ({"warn_days": "0"}, "Enter a number of days from 1 to 60, like 7."),
        ({"warn_days": "61"}, "Enter a number of days from 1 to 60, like 7."),
        ({"warn_days": "soon"}, "Enter a number of days from 1 to 60, like 7."),
    ],
)
def test_bad_new_pack_input_is_refused_with_a_clear_message_and_nothing_saved(
    carer_client, leo, voclosporin, at, data: dict[str, str], message: str
) -> None:
    at(2026, 5, 2, 12, 0)
    response = carer_client.post(
        new_pack_url(leo, voclosporin),
        {"units": "60", "started": "2026-05-02", "warn_days": "7", **data},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "<title>Error:" in html
    assert RefillPack.objects.count() == 0


# --- Who may see and change packs --------------------------------------------------------------


@pytest.fixture
def viewer_client(leo, voclosporin) -> Client:
    from tests.helpers import account_create

    viewer = account_create("grandad@example.org")
    Membership.objects.create(person=leo, user=viewer, role=Membership.VIEW)
    client = Client()
    client.force_login(viewer)
    return client


def test_a_can_view_member_sees_the_count_but_cannot_start_a_pack(
    viewer_client, leo, voclosporin, at
) -> None:
    at(2026, 5, 2, 12, 0)
    pack(voclosporin, "60")
    page = viewer_client.get(reverse("refills", args=[leo.pk]))
    assert page.status_code == 200
    assert re.search(r"data-refill-left>60 capsules<", page.content.decode())
    assert "Start a new pack" not in page.content.decode()
    url = new_pack_url(leo, voclosporin)
    assert viewer_client.get(url).status_code == 403
    response = viewer_client.post(url, {"units": "5", "started": "2026-05-02", "warn_days": "7"})
    assert response.status_code in {403, 404}
    assert list(RefillPack.objects.values_list("units", flat=True)) == [Decimal("60")]


def test_a_can_edit_member_may_start_a_pack(leo, voclosporin, at) -> None:
    from tests.helpers import account_create

    helper = account_create("partner@example.org")
    Membership.objects.create(person=leo, user=helper, role=Membership.EDIT)
    client = Client()
    client.force_login(helper)
    at(2026, 5, 2, 12, 0)
    response = client.post(
        new_pack_url(leo, voclosporin), {"units": "5", "started": "2026-05-02", "warn_days": "7"}
    )
    assert response.status_code == 302
    assert RefillPack.objects.get().created_by == helper


def test_an_outsider_gets_404_for_the_pages_and_the_form_post(
    intruder_client, leo, voclosporin
) -> None:
    pack(voclosporin, "60")
    assert intruder_client.get(reverse("refills", args=[leo.pk])).status_code == 404
    url = new_pack_url(leo, voclosporin)
    assert intruder_client.get(url).status_code == 404
    response = intruder_client.post(url, {"units": "5", "started": "2026-05-02", "warn_days": "7"})
    assert response.status_code == 404
    assert RefillPack.objects.count() == 1


def test_a_schedule_of_another_person_is_404_under_your_own_person(
    carer, carer_client, intruder, voclosporin
) -> None:
    mum = person_make(carer, "Mum")
    theirs = schedule_make(intruder.people.get(), "voclosporin")
    response = carer_client.post(
        reverse("refill-new", args=[mum.pk, theirs.pk]),
        {"units": "5", "started": "2026-05-02", "warn_days": "7"},
    )
    assert response.status_code == 404
    assert RefillPack.objects.count() == 0


def test_someone_elses_pack_never_shows_on_my_today(intruder_client, voclosporin, at) -> None:
    pack(voclosporin, "1")
    at(2026, 5, 2, 12, 0)
    assert "refill-warning" not in intruder_client.get(reverse("today")).content.decode()


# --- Content ------------------------------------------------------------------------------------


def test_every_refill_text_reaches_the_readability_checks() -> None:
    measured = {where for where, _text in texts_all()}
    for key in refills.LEVELED_KEYS:
        assert f"refills {key}" in measured
    assert "refills messages.units_invalid" in measured


def test_a_refill_text_missing_a_level_names_the_file_and_field(content_tree) -> None:
    path = content_tree / "refills.toml"
    text = path.read_text().replace('easy = "The count for', 'simple = "The count for')
    path.write_text(text)
    with pytest.raises(ContentError, match=r"mismatch\.easy"):
        refills.refill_text()


def test_a_default_warning_longer_than_the_largest_allowed_is_a_content_error(
    content_tree,
) -> None:
    path = content_tree / "refills.toml"
    path.write_text(path.read_text().replace("warn_days_default = 7", "warn_days_default = 90"))
    with pytest.raises(ContentError, match="warn_days_default"):
        refills.refill_text()
