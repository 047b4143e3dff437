"""Server time for a person's calendar feed with three schedules (target p95 < 20 ms).

Two people: one with just the three schedules, and one as a family really uses the site,
where two medicines have a pack being counted down, there are two blood-test days, and a
month of doses has been marked taken.
"""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

from common import django_setup, ok_get, report, timings_ms

PLANS = [
    ("voclosporin", ("08:00", "20:00"), "capsules"),
    ("cyclosporine-modified", ("07:00", "15:00", "23:00"), "mg"),
    ("envarsus-xr", ("08:30",), "mg"),
]


def person_make(user: object, name: str, *, full: bool) -> tuple[object, int]:
    """A person with three schedules; `full` adds packs, blood-test days and marks.

    Returns the person and how many events their feed should hold.
    """
    from education import refills, schedules
    from education.models import DoseRecord, LabAppointment, Person, ScheduledDose
    from education.schedules import DoseTime

    person = Person.objects.create(account=user, name=name, time_zone="Europe/London")
    today = dt.date.today()
    start = today - dt.timedelta(days=30)
    made = []
    for product, times, unit in PLANS:
        doses = [DoseTime(dt.time.fromisoformat(t), Decimal("2.5"), unit) for t in times]
        made.append(
            schedules.schedule_create(person=person, product=product, doses=doses, start=start)
        )
    if not full:
        return person, 6
    for schedule in made[:2]:
        refills.pack_start(
            schedule=schedule,
            units=Decimal("300"),
            unit=refills.pack_unit(schedule=schedule),
            started=start,
            warn_days=7,
            user=user,
        )
    marked = dt.datetime.now(dt.UTC)
    DoseRecord.objects.bulk_create(
        DoseRecord(dose=dose, day=start + dt.timedelta(days=n), status="taken", marked_at=marked)
        for dose in ScheduledDose.objects.filter(version__schedule__person=person)
        for n in range(30)
    )
    for days in (3, 31):
        LabAppointment.objects.create(
            person=person, day=today + dt.timedelta(days=days), time=dt.time(7, 30)
        )
    # One event per dose time, one per counted pack, one per blood-test day.
    return person, 6 + 2 + 2


def main() -> int:
    django_setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from education import reminders

    user = get_user_model().objects.create_user("bench@example.org", "bench@example.org", "x")
    client = Client()
    ok = True
    # The target (p95 under 20 ms) is for the three schedules alone; the fuller person is
    # printed alongside so a change that makes packs or lab days slow shows up here.
    for label, full in (("3 schedules", False), ("3 schedules, packs, lab days, marks", True)):
        person, events = person_make(user, label, full=full)
        feed = reminders.feed_get(person=person)
        url = reverse(
            "reminders-feed",
            kwargs={"person_id": person.pk, "token": reminders.feed_token(feed=feed)},
        )
        assert ok_get(client, url).content.count(b"BEGIN:VEVENT") == events
        # CPU time, which a busy shared machine disturbs far less than wall time.
        ok &= report(
            f"GET feed, {label} (CPU)",
            timings_ms(lambda url=url: ok_get(client, url), runs=300, clock=time.process_time),
            target_ms=None if full else 20,
        )
        report(
            f"GET feed, {label} (wall)",
            timings_ms(lambda url=url: ok_get(client, url), runs=300),
        )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
