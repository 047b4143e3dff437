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

from django import forms
from django.db import IntegrityError, transaction
from django.http import Http404

from education import catalog
from education.catalog import Medicine
from education.models import DoseRecord, Person, ScheduledDose
from education.people import people_visible, person_can_edit, person_get
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


# --- The Today page ----------------------------------------------------------------------

# Yesterday's doses stay on Today while still late (not yet missed) within this time,
# so a 20:00 dose with a window past midnight is not lost at midnight.
CARRY_OVER = dt.timedelta(hours=12)


@dataclass(frozen=True)
class DoseCard:
    id: str  # HTML id, stable for the dose and the day
    person: Person
    medicine: Medicine
    dose: ScheduledDose
    day: dt.date
    scheduled: dt.datetime
    state: DoseState
    record: DoseRecord | None
    can_edit: bool
    carried: bool  # yesterday's dose, still shown because it is still late
    marked_by: str = ""  # who marked it, in short: "Ana", or "you" for the viewer

    @property
    def amount(self) -> str:
        return self.dose.amount_words

    @property
    def time_text(self) -> str:
        """The person's own clock time; templates would convert to the server's zone."""
        return f"{self.scheduled:%H:%M}"

    @property
    def marked_text(self) -> str:
        if self.record is None:
            return ""
        return f"{self.record.marked_at.astimezone(self.scheduled.tzinfo):%H:%M}"


@dataclass(frozen=True)
class PersonDay:
    person: Person
    day: dt.date
    cards: tuple[DoseCard, ...]


def _card(
    *,
    person: Person,
    medicine: Medicine,
    dose: ScheduledDose,
    day: dt.date,
    now: dt.datetime,
    record: DoseRecord | None,
    can_edit: bool,
    viewer: object = None,
) -> DoseCard:
    zone = ZoneInfo(person.time_zone)
    local = dt.datetime.combine(day, dose.time, tzinfo=zone)
    scheduled = local.astimezone(dt.UTC).astimezone(zone)
    window = dose.version.team_window_hours
    state = dose_state(
        medicine=medicine,
        scheduled=scheduled,
        now=now,
        status=record.status if record else "",
        team_window_hours=float(window) if window is not None else None,
    )
    return DoseCard(
        id=f"dose-{dose.pk}-{day:%Y%m%d}",
        person=person,
        medicine=medicine,
        dose=dose,
        day=day,
        scheduled=scheduled,
        state=state,
        record=record,
        can_edit=can_edit,
        carried=day < now.astimezone(zone).date(),
        marked_by=marked_by_words(account=record.marked_by, viewer=viewer) if record else "",
    )


def marked_by_words(*, account: object, viewer: object = None) -> str:
    """Who marked a dose, in short: "you" for the viewer, else a first name or the
    part of the email address before the @ (never the whole address)."""
    if account is None:
        return ""
    if viewer is not None and getattr(viewer, "pk", None) == account.pk:  # type: ignore[attr-defined]
        return "you"
    first = (getattr(account, "first_name", "") or "").strip()
    if first:
        return first
    address = getattr(account, "email", "") or account.get_username()  # type: ignore[attr-defined]
    return address.split("@", 1)[0]


def person_day(*, user: object, person: Person, now: dt.datetime) -> PersonDay:
    """A person's doses for their today, in time order, with yesterday's still-late ones first."""
    medicines = catalog.medicines_get()
    zone = ZoneInfo(person.time_zone)
    today = now.astimezone(zone).date()
    yesterday = today - dt.timedelta(days=1)
    doses = (
        ScheduledDose.objects.filter(version__schedule__person=person)
        .filter(version__start__lte=today)
        .exclude(version__end__lt=yesterday)
        .select_related("version__schedule")
    )
    records = {
        (r.dose_id, r.day): r
        for r in DoseRecord.objects.filter(
            dose__version__schedule__person=person, day__in=[yesterday, today]
        ).select_related("marked_by")
    }
    can_edit = person_can_edit(user=user, person=person)
    cards = []
    for dose in doses:
        medicine = medicines.get(dose.version.schedule.product)
        if medicine is None:
            continue
        for day in (yesterday, today):
            version = dose.version
            if day < version.start or (version.end is not None and day > version.end):
                continue
            card = _card(
                person=person,
                medicine=medicine,
                dose=dose,
                day=day,
                now=now,
                record=records.get((dose.pk, day)),
                can_edit=can_edit,
                viewer=user,
            )
            if day == yesterday and not (
                card.state.state == "late" and now - card.scheduled <= CARRY_OVER
            ):
                continue
            cards.append(card)
    cards.sort(key=lambda c: (c.scheduled, c.medicine.name, c.dose.pk))
    return PersonDay(person, today, tuple(cards))


def today_list(*, user: object, now: dt.datetime) -> list[PersonDay]:
    return [person_day(user=user, person=p, now=now) for p in people_visible(user=user)]


def dose_find(*, user: object, dose_id: int, edit: bool = False) -> ScheduledDose:
    """A scheduled dose of someone this account may see; 404 otherwise (403 if view-only)."""
    dose = (
        ScheduledDose.objects.select_related("version__schedule__person").filter(pk=dose_id).first()
    )
    if dose is None:
        raise Http404("No such dose.")
    person_get(user=user, person_id=dose.version.schedule.person_id, edit=edit)
    return dose


def dose_card(*, user: object, dose: ScheduledDose, day: dt.date, now: dt.datetime) -> DoseCard:
    person = dose.version.schedule.person
    medicine = catalog.medicines_get()[dose.version.schedule.product]
    record = DoseRecord.objects.filter(dose=dose, day=day).select_related("marked_by").first()
    return _card(
        person=person,
        medicine=medicine,
        dose=dose,
        day=day,
        now=now,
        record=record,
        can_edit=person_can_edit(user=user, person=person),
        viewer=user,
    )


class MarkError(ValueError):
    pass


def dose_mark(
    *, user: object, dose: ScheduledDose, day: dt.date, status: str, now: dt.datetime
) -> DoseRecord:
    """Mark one dose taken or skipped; refuse a second mark (never a double dose)."""
    text = schedule_text()
    version = dose.version
    zone = ZoneInfo(version.schedule.person.time_zone)
    today = now.astimezone(zone).date()
    if day < version.start or (version.end is not None and day > version.end) or day > today:
        raise MarkError(text.messages["mark_day"])
    with transaction.atomic():
        existing = DoseRecord.objects.select_for_update().filter(dose=dose, day=day).first()
        if existing is not None:
            key = "taken_twice" if existing.status == "taken" and status == "taken" else "marked"
            raise MarkError(text.advice[key] if key == "taken_twice" else text.messages["marked"])
        try:
            with transaction.atomic():
                return DoseRecord.objects.create(
                    dose=dose, day=day, status=status, marked_by=user, marked_at=now
                )
        except IntegrityError as error:  # marked at the same moment from another phone
            raise MarkError(text.advice["taken_twice"]) from error


def dose_undo(*, dose: ScheduledDose, day: dt.date) -> None:
    DoseRecord.objects.filter(dose=dose, day=day).delete()


class MarkForm(forms.Form):
    dose = forms.IntegerField(min_value=1)
    day = forms.DateField()
    status = forms.ChoiceField(choices=DoseRecord.STATUSES, required=False)
