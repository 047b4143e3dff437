"""Server time for a person's dose history with three schedules and a year of marks
(targets: month page p95 < 80 ms, CSV of the year p95 < 400 ms)."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

from common import django_setup, ok_get, report, timings_ms


def main() -> int:
    django_setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from education import schedules
    from education.models import DoseRecord, Person, ScheduledDose
    from education.schedules import DoseTime

    user = get_user_model().objects.create_user("bench@example.org", "bench@example.org", "x")
    person = Person.objects.create(account=user, name="Mum", time_zone="Europe/London")
    today = timezone.now().date()
    start = today - dt.timedelta(days=365)
    plans = [
        ("voclosporin", ("08:00", "20:00"), "capsules"),
        ("cyclosporine-modified", ("07:00", "15:00", "23:00"), "mg"),
        ("envarsus-xr", ("08:30",), "mg"),
    ]
    for product, times, unit in plans:
        doses = [DoseTime(dt.time.fromisoformat(t), Decimal("2.5"), unit) for t in times]
        schedules.schedule_create(person=person, product=product, doses=doses, start=start)
    marks = []
    for dose in ScheduledDose.objects.filter(version__schedule__person=person):
        for offset in range(365):
            day = start + dt.timedelta(days=offset)
            moment = dt.datetime.combine(day, dose.time, dt.UTC) + dt.timedelta(minutes=10)
            marks.append(
                DoseRecord(dose=dose, day=day, status="taken", marked_by=user, marked_at=moment)
            )
    DoseRecord.objects.bulk_create(marks)
    client = Client()
    client.force_login(user)
    page = reverse("history", args=[person.pk])
    csv_url = reverse("history-csv", args=[person.pk])
    assert b"doses on time" in ok_get(client, page).content
    rows = ok_get(client, csv_url).content.count(b"\r\n")
    assert rows > 6 * 365, f"expected a row per dose, got {rows}"
    ok = report(
        "GET history month, 3 schedules, a year of marks (CPU time)",
        timings_ms(lambda: ok_get(client, page), runs=100, clock=time.process_time),
        target_ms=80,
    )
    ok &= report(
        "GET history CSV, a year of 6 doses a day (CPU time)",
        timings_ms(lambda: ok_get(client, csv_url), runs=20, clock=time.process_time),
        target_ms=400,
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
