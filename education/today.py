"""The Today checklist: where each dose stands and what the person should do about it.

The missed-dose rule is the product's (decisions.md §1), read from the medicine
catalogue: a fixed window from the label (voclosporin 4 hours, Envarsus XR and Astagraf
XL 14 hours), the care team's window for twice-daily tacrolimus and cyclosporine, or
none for skin products. Without a team window the site works out no take-or-skip
answer at all: it says never to double and to call now.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo

from education.catalog import Medicine
from education.schedules import DoseTime, number_words, schedule_text

State = Literal["upcoming", "due", "late", "missed", "taken", "skipped"]
STATUSES = ("taken", "skipped")


@dataclass(frozen=True)
class DoseState:
    state: State
    label: str
    advice: str = ""
    call_now: bool = False  # show the care team's and pharmacist's numbers with the advice
    minutes_late: int = 0


def dose_state(
    *,
    medicine: Medicine,
    scheduled: dt.datetime,
    now: dt.datetime,
    status: str = "",
    team_window_hours: float | None = None,
) -> DoseState:
    text = schedule_text()
    labels = text.states
    if status in STATUSES:
        return DoseState(status, labels[status])  # type: ignore[arg-type]
    if now < scheduled:
        return DoseState("upcoming", labels["upcoming"])
    late = now - scheduled
    minutes_late = int(late.total_seconds() // 60)
    if late <= dt.timedelta(minutes=text.due_minutes):
        return DoseState("due", labels["due"], minutes_late=minutes_late)
    missed = medicine.missed_dose
    if missed.kind == "none":
        return DoseState("late", labels["late"], text.advice["skin"], minutes_late=minutes_late)
    if missed.kind == "window":
        window, take_now, skip = missed.window_hours, missed.take_now, missed.skip
    elif team_window_hours:
        hours = number_words(team_window_hours)
        window = team_window_hours
        take_now = text.advice["team_take_now"].format(hours=hours)
        skip = text.advice["team_skip"].format(hours=hours)
    else:
        # No label window and none from the team: never compute take or skip (audit A7).
        return DoseState(
            "late", labels["late"], text.advice["no_window"], True, minutes_late=minutes_late
        )
    assert window is not None
    if late <= dt.timedelta(hours=window):
        return DoseState("late", labels["late"], take_now, minutes_late=minutes_late)
    return DoseState("missed", labels["missed"], skip, minutes_late=minutes_late)


@dataclass(frozen=True)
class PlannedDose:
    key: str  # stable per schedule version and dose time; DoseRecord.dose_key
    scheduled: dt.datetime
    dose: DoseTime


def doses_on(
    *,
    day: dt.date,
    time_zone: str,
    versions: Iterable[tuple[str, dt.date, dt.date | None, Sequence[DoseTime]]],
) -> list[PlannedDose]:
    """Each dose of one day, in order, from (version key, start, end, doses) rows.

    Dose times are wall-clock times in the person's zone, so a daylight-saving change
    moves no dose; a time that does not exist that night (02:30 in spring) is shown at
    the instant the clock reads it after the jump.
    """
    zone = ZoneInfo(time_zone)
    planned = []
    for key, start, end, doses in versions:
        if day < start or (end is not None and day > end):
            continue
        for dose in doses:
            local = dt.datetime.combine(day, dose.time, tzinfo=zone)
            # Round-trip through UTC to normalise a non-existent local time.
            scheduled = local.astimezone(dt.UTC).astimezone(zone)
            planned.append(PlannedDose(f"{key}-{dose.time:%H%M}", scheduled, dose))
    return sorted(planned, key=lambda planned_dose: (planned_dose.scheduled, planned_dose.key))
