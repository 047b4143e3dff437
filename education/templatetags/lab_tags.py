"""Blood-test days on the Today page and on the medicines page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template

from education import labs
from education.catalog import Medicine
from education.models import Person, Schedule
from education.people import person_can_edit

register = template.Library()


@register.inclusion_tag("education/labs_today.html", takes_context=True)
def lab_day(context: template.Context, person: Person, day: dt.date) -> dict[str, Any]:
    """The person's blood tests and check-ups on their today, with what to do about each dose."""
    appointments = labs.appointments_on(person=person, day=day)
    reminders = labs.lab_reminders(person=person, day=day) if appointments else []
    level = context.get("level", "standard")
    rows = []
    for appointment in appointments:
        # Each text gets its own scope, so glossary buttons never share an id.
        parts = [
            (
                reminder.medicine,
                [
                    (part.text.at(level), f"lab-{appointment.pk}-{r}-{t}")
                    for t, part in enumerate(reminder.texts)
                ],
            )
            for r, reminder in enumerate(reminders)
        ]
        rows.append((appointment, labs.kind_label(appointment.kind), parts))
    return {"appointments": rows, "level": level, "prefs": context.get("prefs")}


@register.inclusion_tag("education/labs_schedule_line.html", takes_context=True)
def schedule_lab_line(
    context: template.Context, person: Person, schedule: Schedule, medicine: Medicine | None
) -> dict[str, Any]:
    """The saved blood-test answer of a schedule, and where to change it."""
    asks = labs.asks_dose_timing(medicine=medicine)
    answer = labs.lab_answer_get(schedule=schedule) if asks else None
    request = context.get("request")
    parts = []
    if answer is not None:
        question = labs.lab_text().question
        timing = answer.dose_timing
        parts.append(question[f"dose_timing_{timing}"] if timing else "Not answered yet")
        if labs.asks_level_type(medicine=medicine) and answer.level_type:
            parts.append(question[f"level_type_{answer.level_type}"])
    return {
        "person": person,
        "schedule": schedule,
        "medicine": medicine,
        "asks": asks,
        "answered": answer is not None and answer.pk is not None,
        "answer_text": "; ".join(parts),
        "checkups": medicine is not None and medicine.slug in labs.lab_text().checkups,
        "can_edit": request is not None and person_can_edit(user=request.user, person=person),
    }
