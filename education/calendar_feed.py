"""The private reminder calendar: pure functions from dose times to an iCalendar feed.

One recurring daily event per dose time and schedule version, so a dose change from a
date ends one series and starts the next without rewriting history. Notes on the
choices, because calendar apps differ:

- UIDs are built from database ids and the dose time only, so re-fetching the feed
  updates events in place instead of duplicating them (RFC 5545 §3.8.4.7).
- "Keep my home times": DTSTART carries the home TZID plus a compact VTIMEZONE, so a
  dose stays at 08:00 home time across daylight-saving changes and when travelling.
  "Follow local time": DTSTART is a floating local time (RFC 5545 §3.3.5, form #1),
  which every calendar shows at 08:00 wherever the phone is.
- With a TZID, RRULE UNTIL must be in UTC (RFC 5545 §3.3.10); with floating times it
  must be floating too.
- Calendars are often shared with family or work, so titles and descriptions are
  neutral unless the person opts in to the medicine name; events are CLASS:PRIVATE
  and TRANSPARENT (a reminder does not make anyone look busy).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, Timezone

from education.catalog import Medicine
from education.schedules import schedule_text

PRODID = "-//CNI Guide//Medicine reminders//EN"
UID_DOMAIN = "reminders.cni-guide"
EVENT_MINUTES = 15
REFRESH = dt.timedelta(hours=6)  # keep in step with X-PUBLISHED-TTL below
# Open-ended schedules still need a last date for the VTIMEZONE rules.
TIMEZONE_YEARS_AHEAD = 3


@dataclass(frozen=True)
class FeedDose:
    uid: str  # stable per schedule version and dose time, such as "12-3-0800"
    medicine: Medicine
    time: dt.time
    amount: str  # "3 capsules", shown only with the medicine name
    start: dt.date
    end: dt.date | None
    note: str = ""


def _summary(dose: FeedDose, *, show_names: bool) -> str:
    if not show_names:
        return schedule_text().calendar["title_neutral"]
    return f"{dose.medicine.name}: {dose.amount}"


def _description(dose: FeedDose, *, show_names: bool, today_url: str) -> str:
    lines = [dose.medicine.food_rule.reminder]
    if show_names:
        lines.insert(0, f"{dose.medicine.name}: {dose.amount}.")
        if dose.note:
            lines.append(dose.note)
    if today_url:
        lines.append(schedule_text().calendar["open_today"].format(url=today_url))
    return "\n".join(lines)


def event_build(
    *,
    dose: FeedDose,
    zone: ZoneInfo | None,
    show_names: bool,
    alarm_minutes: int,
    stamp: dt.datetime,
    today_url: str = "",
) -> Event:
    start = dt.datetime.combine(dose.start, dose.time, tzinfo=zone)
    summary = _summary(dose, show_names=show_names)
    event = Event()
    event.add("uid", f"{dose.uid}@{UID_DOMAIN}")
    event.add("dtstamp", stamp.astimezone(dt.UTC))
    event.add("dtstart", start)
    event.add("duration", dt.timedelta(minutes=EVENT_MINUTES))
    rule: dict[str, object] = {"freq": "daily"}
    if dose.end is not None:
        until = dt.datetime.combine(dose.end, dose.time, tzinfo=zone)
        rule["until"] = until.astimezone(dt.UTC) if zone else until
    event.add("rrule", rule)
    event.add("summary", summary)
    event.add("description", _description(dose, show_names=show_names, today_url=today_url))
    event.add("class", "PRIVATE")
    event.add("transp", "TRANSPARENT")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", dt.timedelta(minutes=-alarm_minutes))
    event.add_component(alarm)
    return event


@dataclass(frozen=True)
class FeedRefill:
    """An all-day "running low" event for one pack; the words come from the refills module."""

    uid: str  # stable per pack, such as "refill-7", so a moved run-out date updates in place
    day: dt.date
    summary: str
    description: str


# All-day events start at midnight; the alert comes at 09:00 that day instead.
REFILL_ALARM = dt.timedelta(hours=9)


def refill_event_build(*, refill: FeedRefill, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", f"{refill.uid}@{UID_DOMAIN}")
    event.add("dtstamp", stamp.astimezone(dt.UTC))
    event.add("dtstart", refill.day)  # a DATE value: the same day in every time zone
    event.add("dtend", refill.day + dt.timedelta(days=1))
    event.add("summary", refill.summary)
    event.add("description", refill.description)
    event.add("class", "PRIVATE")
    event.add("transp", "TRANSPARENT")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", refill.summary)
    alarm.add("trigger", REFILL_ALARM)
    event.add_component(alarm)
    return event


def feed_build(
    *,
    doses: Sequence[FeedDose],
    time_zone: str,
    follow_local_time: bool,
    show_names: bool,
    alarm_minutes: int,
    stamp: dt.datetime,
    today_url: str = "",
    refills: Sequence[FeedRefill] = (),
) -> Calendar:
    zone = None if follow_local_time else ZoneInfo(time_zone)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = schedule_text().calendar["calendar_name"]
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    if zone is not None:
        calendar.add("x-wr-timezone", time_zone)
    for dose in sorted(doses, key=lambda d: (d.start, d.time, d.uid)):
        calendar.add_component(
            event_build(
                dose=dose,
                zone=zone,
                show_names=show_names,
                alarm_minutes=alarm_minutes,
                stamp=stamp,
                today_url=today_url,
            )
        )
    for refill in sorted(refills, key=lambda r: (r.day, r.uid)):
        calendar.add_component(refill_event_build(refill=refill, stamp=stamp))
    if zone is not None and doses:
        first = min(dose.start for dose in doses)
        ends = [dose.end for dose in doses if dose.end is not None]
        last = stamp.date() + dt.timedelta(days=366 * TIMEZONE_YEARS_AHEAD)
        if len(ends) == len(doses):
            last = max(ends)
        calendar.subcomponents.insert(0, timezone_component(time_zone, first.year, last.year))
    return calendar


@lru_cache(maxsize=256)
def timezone_component(time_zone: str, first_year: int, last_year: int) -> Timezone:
    """The compact VTIMEZONE for whole years, built once per zone and span.

    Working out the transitions is the slowest part of a feed, and the answer only
    depends on these three values. The component is shared, so it is never changed.
    """
    calendar = Calendar()
    probe = Event()
    probe.add("dtstart", dt.datetime(first_year, 1, 1, 12, tzinfo=ZoneInfo(time_zone)))
    calendar.add_component(probe)
    calendar.add_missing_timezones(
        first_date=dt.date(first_year, 1, 1), last_date=dt.date(last_year, 12, 31)
    )
    [component] = calendar.timezones
    return component


def feed_render(**kwargs: object) -> bytes:
    return feed_build(**kwargs).to_ical()  # type: ignore[arg-type]


# --- Blood-test days and check-ups -------------------------------------------------------


@dataclass(frozen=True)
class FeedLabDay:
    """One appointment on one day; its wording is worked out by education.labs."""

    uid: str  # stable per appointment, so moving it updates the event in place
    day: dt.date
    time: dt.time
    title: str
    description: str
    minutes: int
    alarm_before: dt.timedelta


def lab_event_build(*, lab: FeedLabDay, zone: ZoneInfo | None, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", f"{lab.uid}@{UID_DOMAIN}")
    event.add("dtstamp", stamp.astimezone(dt.UTC))
    event.add("dtstart", dt.datetime.combine(lab.day, lab.time, tzinfo=zone))
    event.add("duration", dt.timedelta(minutes=lab.minutes))
    event.add("summary", lab.title)
    event.add("description", lab.description)
    event.add("class", "PRIVATE")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", lab.title)
    alarm.add("trigger", -lab.alarm_before)
    event.add_component(alarm)
    return event


def lab_events_add(
    calendar: Calendar,
    *,
    labs: Sequence[FeedLabDay],
    time_zone: str,
    follow_local_time: bool,
    stamp: dt.datetime,
) -> Calendar:
    """Add appointments to a feed made by feed_build, in the same time mode as its doses."""
    zone = None if follow_local_time else ZoneInfo(time_zone)
    for lab in sorted(labs, key=lambda item: (item.day, item.time, item.uid)):
        calendar.add_component(lab_event_build(lab=lab, zone=zone, stamp=stamp))
    if zone is not None and labs and not calendar.timezones:
        first = min(lab.day for lab in labs).year
        last = max(lab.day for lab in labs).year
        calendar.subcomponents.insert(0, timezone_component(time_zone, first, last))
    return calendar
