"""Blood-test days in the person's calendar feed, parsed back."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from education import catalog, labs, reminders
from education.models import LabAppointment
from tests.schedule_helpers import schedule_make

pytestmark = pytest.mark.django_db
STAMP = dt.datetime(2026, 4, 1, 9, 0, tzinfo=dt.UTC)
NEW_YORK = ZoneInfo("America/New_York")


def feed(person, **settings: object) -> Calendar:
    reminder_feed = reminders.feed_get(person=person)
    for name, value in settings.items():
        setattr(reminder_feed, name, value)
    body = reminders.feed_render(
        feed=reminder_feed, today_url="https://example.org/today/", stamp=STAMP
    )
    return Calendar.from_ical(body)


def lab_events(calendar: Calendar) -> list:
    return [e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("lab-")]


def standard(key: str) -> str:
    return catalog.plain_text(labs.lab_text().reminders[key].text.standard)


def appointment(person, day=dt.date(2026, 5, 4), time=dt.time(8, 30), **fields):
    return LabAppointment.objects.create(person=person, day=day, time=time, **fields)


def test_a_blood_test_is_an_event_at_its_home_time_with_the_reminder(leo) -> None:
    schedule_make(leo, "tacrolimus-ir")
    lab = appointment(leo, place="Main lab", note="Bring the form")
    [event] = lab_events(feed(leo))
    assert str(event["UID"]) == f"lab-{lab.pk}@reminders.cni-guide"
    assert event["DTSTART"].dt == dt.datetime(2026, 5, 4, 8, 30, tzinfo=NEW_YORK)
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert event["DURATION"].dt == dt.timedelta(minutes=30)
    assert str(event["SUMMARY"]) == "Health appointment"
    description = str(event["DESCRIPTION"])
    assert standard("unanswered") in description
    assert "Main lab" in description
    assert "Prograf" not in description and "Bring the form" not in description
    assert "https://example.org/today/" in description
    [alarm] = event.walk("VALARM")
    assert alarm["TRIGGER"].dt == -dt.timedelta(hours=12)


def test_the_event_follows_the_saved_answer(leo) -> None:
    schedule = schedule_make(leo, "tacrolimus-ir")
    appointment(leo)
    labs.lab_answer_save(schedule=schedule, dose_timing="after")
    [event] = lab_events(feed(leo))
    assert standard("after") in str(event["DESCRIPTION"])
    assert standard("unanswered") not in str(event["DESCRIPTION"])


def test_a_c2_level_event_says_blood_exactly_2_hours_after_the_usual_dose(leo) -> None:
    schedule = schedule_make(leo, "cyclosporine-modified")
    labs.lab_answer_save(schedule=schedule, dose_timing="", level_type="c2")
    appointment(leo, time=dt.time(10, 0))
    [event] = lab_events(feed(leo))
    assert "exactly 2 hours later" in str(event["DESCRIPTION"])


def test_names_show_only_when_the_person_opted_in(leo) -> None:
    schedule_make(leo, "tacrolimus-ir")
    appointment(leo, note="Bring the form")
    [event] = lab_events(feed(leo, show_names=True))
    assert str(event["SUMMARY"]) == "Blood test"
    description = str(event["DESCRIPTION"])
    assert "Prograf (tacrolimus): " + standard("unanswered") in description
    assert "Bring the form" in description


def test_moving_an_appointment_updates_the_same_event_and_deleting_removes_it(leo) -> None:
    lab = appointment(leo)
    [before] = lab_events(feed(leo))
    lab.day, lab.time = dt.date(2026, 5, 6), dt.time(7, 15)
    lab.save()
    [after] = lab_events(feed(leo))
    assert after["UID"] == before["UID"]
    assert after["DTSTART"].dt == dt.datetime(2026, 5, 6, 7, 15, tzinfo=NEW_YORK)
    lab.delete()
    assert lab_events(feed(leo)) == []


def test_follow_local_time_makes_the_appointment_floating(leo) -> None:
    appointment(leo)
    [event] = lab_events(feed(leo, travel_mode="local"))
    assert event["DTSTART"].dt == dt.datetime(2026, 5, 4, 8, 30)
    assert "TZID" not in event["DTSTART"].params


def test_a_feed_with_only_appointments_still_carries_its_time_zone(leo) -> None:
    appointment(leo)
    calendar = feed(leo)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["America/New_York"]
    assert len(calendar.walk("VEVENT")) == 1


def test_voclosporin_check_ups_appear_in_the_feed_only_once_accepted(leo) -> None:
    schedule = schedule_make(leo, "voclosporin", start=dt.date(2026, 1, 5))
    assert lab_events(feed(leo)) == []
    labs.checkups_accept(schedule=schedule, time=dt.time(9), place="", today=dt.date(2026, 1, 5))
    events = lab_events(feed(leo, show_names=True))
    assert len(events) == 14
    starts = sorted(e["DTSTART"].dt.date() for e in events)
    assert starts[:3] == [dt.date(2026, 1, 19), dt.date(2026, 2, 2), dt.date(2026, 3, 2)]
    titles = [str(e["SUMMARY"]) for e in sorted(events, key=lambda e: e["DTSTART"].dt)]
    assert titles[:3] == [
        "Kidney blood test and blood pressure check",
        "Kidney blood test and blood pressure check",
        "Kidney blood test",
    ]
    assert standard("voclosporin") in str(events[0]["DESCRIPTION"])
    # The doses are still there beside the check-ups.
    assert len(feed(leo).walk("VEVENT")) == 16


def test_the_subscribed_link_carries_the_blood_tests(client: Client, leo) -> None:
    appointment(leo)
    reminder_feed = reminders.feed_get(person=leo)
    url = reverse(
        "reminders-feed",
        kwargs={"person_id": leo.pk, "token": reminders.feed_token(feed=reminder_feed)},
    )
    calendar = Calendar.from_ical(client.get(url).content)
    assert len(lab_events(calendar)) == 1


def test_the_feed_reads_the_schedules_once_however_many_appointments(
    leo, django_assert_max_num_queries
) -> None:
    schedule = schedule_make(leo, "voclosporin", start=dt.date(2026, 1, 5))
    labs.checkups_accept(schedule=schedule, time=dt.time(9), place="", today=dt.date(2026, 1, 5))
    with django_assert_max_num_queries(8):
        assert len(labs.feed_labs(person=leo, show_names=False)) == 14
