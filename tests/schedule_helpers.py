"""People and schedules for the schedule, reminder and Today tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from education import schedules
from education.models import Person, Schedule
from education.schedules import DoseTime


def person_make(user: object, name: str, **fields: object) -> Person:
    values = {
        "time_zone": "America/New_York",
        "emergency_number": "911",
        "poison_number": "1-800-222-1222",
        **fields,
    }
    return Person.objects.create(account=user, name=name, **values)


def schedule_make(
    person: Person,
    product: str = "voclosporin",
    times: tuple[str, ...] = ("08:00", "20:00"),
    start: dt.date = dt.date(2026, 1, 1),
    **kwargs: object,
) -> Schedule:
    unit = "capsules" if product == "voclosporin" else "mg"
    doses = [DoseTime(dt.time.fromisoformat(t), Decimal("3"), unit) for t in times]
    return schedules.schedule_create(
        person=person, product=product, doses=doses, start=start, **kwargs
    )
