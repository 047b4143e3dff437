"""The reminder calendar: parsed back and expanded, across daylight-saving changes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from icalendar import Calendar

from education import catalog
from education.calendar_feed import FeedDose, feed_render

STAMP = dt.datetime(2026, 1, 2, 9, 30, tzinfo=dt.UTC)
# Spring and autumn daylight-saving changes in 2026.
CHANGES = {
    "America/New_York": (dt.date(2026, 3, 8), dt.date(2026, 11, 1)),
    "Europe/London": (dt.date(2026, 3, 29), dt.date(2026, 10, 25)),
}


def voclosporin_doses(end: dt.date | None = None) -> list[FeedDose]:
    medicine = catalog.medicines_get()["voclosporin"]
    return [
        FeedDose(f"7-3-{t:%H%M}", medicine, t, "3 capsules", dt.date(2026, 1, 1), end, "With water")
        for t in (dt.time(8), dt.time(20))
    ]


def render(doses: list[FeedDose], zone: str = "America/New_York", **kwargs: object) -> Calendar:
    arguments = {
        "time_zone": zone,
        "follow_local_time": False,
        "show_names": False,
        "alarm_minutes": 15,
        "stamp": STAMP,
        "today_url": "https://example.org/today/",
        **kwargs,
    }
    return Calendar.from_ical(feed_render(doses=doses, **arguments))


def occurrences(calendar: Calendar, zone: str, start: dt.date, days: int) -> list[dt.datetime]:
    tz = ZoneInfo(zone)
    begin = dt.datetime.combine(start, dt.time(0), tzinfo=tz)
    events = recurring_ical_events.of(calendar).between(begin, begin + dt.timedelta(days=days))
    return sorted(event["DTSTART"].dt for event in events)


@pytest.mark.parametrize("zone", sorted(CHANGES))
def test_doses_stay_at_local_times_across_spring_and_autumn_changes(zone: str) -> None:
    calendar = render(voclosporin_doses(), zone=zone)
    for change in CHANGES[zone]:
        found = occurrences(calendar, zone, change - dt.timedelta(days=2), 5)
        assert len(found) == 10
        assert {f"{when.astimezone(ZoneInfo(zone)):%H:%M}" for when in found} == {"08:00", "20:00"}
        offsets = {when.astimezone(ZoneInfo(zone)).utcoffset() for when in found}
        assert len(offsets) == 2, "the UTC offset changes while the local time does not"


@pytest.mark.parametrize("zone", sorted(CHANGES))
def test_the_feed_carries_a_compact_vtimezone_that_knows_both_changes(zone: str) -> None:
    calendar = render(voclosporin_doses(), zone=zone)
    [timezone] = calendar.walk("VTIMEZONE")
    assert timezone["TZID"] == zone
    tz = timezone.to_tz()
    spring, autumn = CHANGES[zone]
    local = ZoneInfo(zone)
    for day in (
        spring - dt.timedelta(days=1),
        spring + dt.timedelta(days=1),
        autumn + dt.timedelta(days=1),
    ):
        noon = dt.datetime.combine(day, dt.time(12))
        assert noon.replace(tzinfo=tz).utcoffset() == noon.replace(tzinfo=local).utcoffset()
    assert len(timezone.to_ical()) < 1200


def test_each_dose_time_is_one_daily_event_with_a_tzid_and_a_stable_uid() -> None:
    first = render(voclosporin_doses())
    again = render(voclosporin_doses(), stamp=STAMP + dt.timedelta(days=3))
    events = first.walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [
        "7-3-0800@reminders.cni-guide",
        "7-3-2000@reminders.cni-guide",
    ]
    assert [str(e["UID"]) for e in again.walk("VEVENT")] == [str(e["UID"]) for e in events]
    for event in events:
        assert event["RRULE"]["FREQ"] == ["DAILY"]
        assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert b"DTSTART;TZID=America/New_York:20260101T080000" in first.to_ical()


def test_an_ended_version_repeats_until_its_last_dose_given_in_utc() -> None:
    calendar = render(voclosporin_doses(end=dt.date(2026, 3, 11)))
    event = calendar.walk("VEVENT")[1]
    until = event["RRULE"]["UNTIL"][0]
    assert until == dt.datetime(2026, 3, 12, 0, 0, tzinfo=dt.UTC)  # 20:00 EDT on 11 March
    last = occurrences(calendar, "America/New_York", dt.date(2026, 3, 10), 5)
    assert max(last).date() == dt.date(2026, 3, 11)


def test_a_dose_change_ends_one_series_and_starts_the_next() -> None:
    medicine = catalog.medicines_get()["tacrolimus-ir"]
    doses = [
        FeedDose(
            "1-1-0800", medicine, dt.time(8), "2 mg", dt.date(2026, 1, 1), dt.date(2026, 3, 11)
        ),
        FeedDose("1-2-0800", medicine, dt.time(8), "1.5 mg", dt.date(2026, 3, 12), None),
    ]
    calendar = render(doses, show_names=True)
    found = recurring_ical_events.of(calendar).between(
        dt.datetime(2026, 3, 10, tzinfo=dt.UTC), dt.datetime(2026, 3, 15, tzinfo=dt.UTC)
    )
    by_day = {event["DTSTART"].dt.date(): str(event["SUMMARY"]) for event in found}
    assert by_day[dt.date(2026, 3, 11)].endswith("2 mg")
    assert by_day[dt.date(2026, 3, 12)].endswith("1.5 mg")
    assert len(found) == 5


def test_titles_are_neutral_unless_the_medicine_name_is_chosen() -> None:
    neutral = render(voclosporin_doses()).to_ical().decode()
    named = render(voclosporin_doses(), show_names=True).to_ical().decode()
    for word in ("Lupkynis", "voclosporin", "capsules", "With water"):
        assert word not in neutral
    assert "SUMMARY:Medicine reminder" in neutral
    assert "SUMMARY:Lupkynis (voclosporin): 3 capsules" in named
    assert "With water" in named


def test_the_food_rule_is_part_of_each_reminder() -> None:
    for event in render(voclosporin_doses()).walk("VEVENT"):
        assert str(event["DESCRIPTION"]).startswith(
            "Take it with an empty stomach. That is 1 hour before food or 2 hours after."
        )
        assert "https://example.org/today/" in str(event["DESCRIPTION"])


@pytest.mark.parametrize("minutes", [0, 30])
def test_each_event_has_a_display_alarm_before_the_dose(minutes: int) -> None:
    for event in render(voclosporin_doses(), alarm_minutes=minutes).walk("VEVENT"):
        [alarm] = event.walk("VALARM")
        assert alarm["ACTION"] == "DISPLAY"
        assert alarm["TRIGGER"].dt == -dt.timedelta(minutes=minutes)


def test_alarms_expand_on_the_first_day_too() -> None:
    calendar = render(voclosporin_doses())
    begin = dt.datetime(2026, 1, 1, tzinfo=ZoneInfo("America/New_York"))
    alarms = recurring_ical_events.of(calendar, components=["VALARM"]).between(
        begin, begin + dt.timedelta(days=1)
    )
    assert len(alarms) == 2


def test_follow_local_time_uses_floating_times_without_a_timezone() -> None:
    calendar = render(voclosporin_doses(end=dt.date(2026, 2, 1)), follow_local_time=True)
    ical = calendar.to_ical()
    assert b"VTIMEZONE" not in ical and b"TZID" not in ical
    assert b"DTSTART:20260101T080000\r\n" in ical
    assert b"UNTIL=20260201T200000;" in ical or b"UNTIL=20260201T200000\r\n" in ical


def test_the_calendar_names_itself_neutrally_and_asks_to_be_refreshed() -> None:
    calendar = render(voclosporin_doses())
    assert calendar["X-WR-CALNAME"] == "Medicine reminders"
    assert calendar["PRODID"] == "-//CNI Guide//Medicine reminders//EN"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT6H" in calendar.to_ical()
