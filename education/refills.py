"""Refills: a pack counted down by the doses marked taken, its run-out date and warning.

When a pack is started the person enters how much they have, in the schedule's dose
unit. Every dose of that schedule marked taken from the pack's start date takes its
amount off. The run-out date comes from walking the schedule forward from today (the
same dose times Today uses, dose changes included) until a dose can no longer be
covered. The count never goes below zero silently: more taken than the pack held is a
mismatch, shown with a request to count the pack, never as a negative number or a 0.

Every word shown lives in `content/refills.toml`; this module holds no advice of its own.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet, Sum

from education import catalog
from education.calendar_feed import FeedRefill
from education.catalog import ContentError, Leveled, Medicine
from education.models import DoseRecord, Person, RefillPack, Schedule, ScheduleVersion
from education.schedules import DateInput, DoseTime, short_name
from education.today import doses_on

MESSAGE_KEYS = (
    "units_invalid",
    "units_too_many",
    "started_missing",
    "started_future",
    "warn_days_invalid",
)
CALENDAR_KEYS = ("title_neutral", "title_named", "name_hidden")
LEVELED_KEYS = (
    "warning",
    "warning_skin",
    "event",
    "event_skin",
    "mismatch",
    "unit_changed",
)
# How far ahead the run-out date is looked for. A pack that lasts longer has no date yet.
HORIZON_DAYS = 2 * 366
# Calendar feeds carry no reading level.
FEED_LEVEL = "standard"
MINUS = "\u2212"

State = Literal["none", "ok", "low", "mismatch", "unit"]


@dataclass(frozen=True)
class RefillText:
    warn_days_default: int
    warn_days_max: int
    units_max: int
    messages: dict[str, str]
    calendar: dict[str, str]
    texts: dict[str, Leveled]


@cache
def _text_load(directory: Path) -> RefillText:
    path = directory / "refills.toml"
    data = catalog.toml_read(path)

    def strings(table: str, keys: tuple[str, ...]) -> dict[str, str]:
        section = catalog.field_get(data, table, path, "", dict)
        return {key: catalog.field_get(section, key, path, f"{table}.", str) for key in keys}

    text = RefillText(
        warn_days_default=catalog.whole_get(data, "warn_days_default", path),
        warn_days_max=catalog.whole_get(data, "warn_days_max", path),
        units_max=catalog.whole_get(data, "units_max", path),
        messages=strings("messages", MESSAGE_KEYS),
        calendar=strings("calendar", CALENDAR_KEYS),
        texts={key: catalog.leveled_parse(data, key, path) for key in LEVELED_KEYS},
    )
    if text.warn_days_default > text.warn_days_max:
        raise ContentError(path, "warn_days_default", "must not be more than warn_days_max")
    return text


def refill_text() -> RefillText:
    return _text_load(Path(settings.CONTENT_DIR))


# --- Words ------------------------------------------------------------------------------


def amount_words(value: Decimal) -> str:
    """Decimal("97.00") -> "97"; Decimal("-3") -> "−3" (a real minus sign, read as minus)."""
    words = f"{abs(value).normalize():f}"
    return f"{MINUS}{words}" if value < 0 else words


def date_words(value: dt.date) -> str:
    return f"{value:%A} {value.day} {value:%B}"


# --- The count --------------------------------------------------------------------------


@dataclass(frozen=True)
class RefillStatus:
    schedule: Schedule
    medicine: Medicine | None
    pack: RefillPack | None
    today: dt.date
    state: State
    left: Decimal = Decimal(0)  # negative only for a mismatch, and then never shown as such
    run_out: dt.date | None = None  # the first day a full dose can no longer be taken
    new_unit: str = ""  # for "unit": the unit the dose is measured in now

    @property
    def name(self) -> str:
        return short_name(self.medicine) if self.medicine else self.schedule.product

    @property
    def topical(self) -> bool:
        return self.medicine is not None and self.medicine.is_topical

    @property
    def warn_from(self) -> dt.date | None:
        if self.pack is None or self.run_out is None:
            return None
        return self.run_out - dt.timedelta(days=self.pack.warn_days)

    @property
    def left_words(self) -> str:
        return f"{amount_words(self.left)} {self.pack.unit}" if self.pack else ""

    @property
    def units_words(self) -> str:
        return f"{amount_words(self.pack.units)} {self.pack.unit}" if self.pack else ""

    @property
    def run_out_words(self) -> str:
        return date_words(self.run_out) if self.run_out else ""

    def message(self, *, level: str, name: str | None = None) -> str:
        """What to do, in words, for a pack that needs attention ("" when all is well)."""
        if self.pack is None or self.state not in {"low", "mismatch", "unit"}:
            return ""
        key = {"low": "warning", "mismatch": "mismatch", "unit": "unit_changed"}[self.state]
        if key == "warning" and self.topical:
            key = "warning_skin"
        return (
            refill_text()
            .texts[key]
            .at(level)
            .format(
                name=name or self.name,
                date=self.run_out_words,
                left=self.left_words,
                count=amount_words(self.left),
                unit=self.pack.unit,
                units=amount_words(self.pack.units),
                started=date_words(self.pack.started),
                new_unit=self.new_unit,
            )
        )


def _version_rows(
    versions: Iterable[ScheduleVersion],
) -> list[tuple[str, dt.date, dt.date | None, list[DoseTime]]]:
    return [
        (str(v.pk), v.start, v.end, [DoseTime(d.time, d.amount, d.unit) for d in v.doses.all()])
        for v in versions
    ]


def run_out_find(
    *,
    left: Decimal,
    today: dt.date,
    time_zone: str,
    versions: list[tuple[str, dt.date, dt.date | None, list[DoseTime]]],
    done_today: set[str],
) -> dt.date | None:
    """The first day, from today, with a dose the pack cannot cover; None if none ahead.

    Today's doses already marked (taken or skipped, keys in `done_today`) are not needed
    again. Doses due earlier today but not yet marked still count: they may yet be taken.
    """
    one_day = dt.timedelta(days=1)
    horizon = today + dt.timedelta(days=HORIZON_DAYS)
    last_day = max((end or dt.date.max for _key, _start, end, _doses in versions), default=None)
    day = today
    while day < horizon:
        if last_day is None or day > last_day:
            return None
        if day > today:
            # Every day of one unchanged dose plan uses the same amount, so the days the
            # pack fully covers are skipped in one step instead of walked one by one.
            covering = [row for row in versions if row[1] <= day and (row[2] or day) >= day]
            if len(covering) == 1:
                _key, _start, end, doses = covering[0]
                daily = sum((dose.amount for dose in doses), Decimal(0))
                next_starts = [row[1] - one_day for row in versions if row[1] > day]
                span_last = min([end or dt.date.max, *next_starts, horizon - one_day])
                if daily > 0:
                    whole = min(int(left // daily), (span_last - day).days + 1)
                    if whole > 0:
                        left -= daily * whole
                        day += dt.timedelta(days=whole)
                        continue
        for planned in doses_on(day=day, time_zone=time_zone, versions=versions):
            if day == today and planned.key in done_today:
                continue
            if left < planned.dose.amount:
                return day
            left -= planned.dose.amount
        day += one_day
    return None


def _status(
    *,
    schedule: Schedule,
    used: Decimal,
    done_today: set[str],
    medicines: dict[str, Medicine],
    now: dt.datetime,
) -> RefillStatus:
    """One schedule's count, from its prefetched versions and packs and its dose records."""
    person = schedule.person
    today = now.astimezone(ZoneInfo(person.time_zone)).date()
    medicine = medicines.get(schedule.product)
    packs = list(schedule.packs.all())  # oldest first (RefillPack.Meta.ordering)
    if not packs:
        return RefillStatus(schedule, medicine, None, today, "none")
    pack = packs[-1]
    versions = list(schedule.versions.all())  # by start date (ScheduleVersion.Meta.ordering)
    for version in versions:
        if version.end is not None and version.end < pack.started:
            continue
        # "Capsules" and "capsules" are the same unit; "mg" and "capsules" cannot be compared.
        other = next(
            (d.unit for d in version.doses.all() if d.unit.casefold() != pack.unit.casefold()),
            None,
        )
        if other is not None:
            return RefillStatus(schedule, medicine, pack, today, "unit", new_unit=other)
    left = pack.units - used
    if left < 0:
        return RefillStatus(schedule, medicine, pack, today, "mismatch", left=left)
    run_out = run_out_find(
        left=left,
        today=max(today, pack.started),
        time_zone=person.time_zone,
        versions=_version_rows(versions),
        done_today=done_today if pack.started <= today else set(),
    )
    state: State = "ok"
    if run_out is not None and today >= run_out - dt.timedelta(days=pack.warn_days):
        state = "low"
    return RefillStatus(schedule, medicine, pack, today, state, left=left, run_out=run_out)


def _statuses(*, schedules: QuerySet[Schedule], now: dt.datetime) -> list[RefillStatus]:
    """The counts of these schedules, in a fixed handful of queries however many there are.

    The database adds up what was taken since each schedule's newest pack, so a year of
    marks costs no more than a week of them.
    """
    rows = list(schedules.select_related("person").prefetch_related("versions__doses", "packs"))
    packed = [row for row in rows if row.packs.all()]
    since = Q(pk__in=[])
    on_today = Q(pk__in=[])
    for row in packed:
        started = list(row.packs.all())[-1].started  # the newest pack (oldest first)
        today = now.astimezone(ZoneInfo(row.person.time_zone)).date()
        since |= Q(dose__version__schedule=row.pk, day__gte=started)
        if today >= started:
            on_today |= Q(dose__version__schedule=row.pk, day=today)
    used: dict[int, Decimal] = {}
    done: dict[int, set[str]] = {row.pk: set() for row in rows}
    if packed:
        taken = (
            DoseRecord.objects.filter(since, status="taken")
            .values("dose__version__schedule")
            .annotate(total=Sum("dose__amount"))
            .values_list("dose__version__schedule", "total")
        )
        used = dict(taken)
        marked = DoseRecord.objects.filter(on_today).values_list(
            "dose__version__schedule", "dose__version", "dose__time"
        )
        for schedule_id, version_id, time in marked:
            done[schedule_id].add(f"{version_id}-{time:%H%M}")
    medicines = catalog.medicines_get()
    return [
        _status(
            schedule=row,
            used=used.get(row.pk) or Decimal(0),
            done_today=done[row.pk],
            medicines=medicines,
            now=now,
        )
        for row in rows
    ]


def refill_status(*, schedule: Schedule, now: dt.datetime) -> RefillStatus:
    """Where the newest pack of a schedule stands now, in the person's own day."""
    [status] = _statuses(schedules=Schedule.objects.filter(pk=schedule.pk), now=now)
    return status


def refills_list(*, person: Person, now: dt.datetime) -> list[RefillStatus]:
    """Every schedule of a person, with its pack count (or none yet)."""
    return _statuses(schedules=Schedule.objects.filter(person=person), now=now)


def _counted(*, person: Person, now: dt.datetime) -> list[RefillStatus]:
    """Only the schedules of a person that have a pack: the ones that can warn or have an event."""
    packed = Schedule.objects.filter(person=person, packs__isnull=False).distinct()
    return _statuses(schedules=packed, now=now)


def _running(status: RefillStatus) -> bool:
    """False once the schedule's last dose day has passed: a stopped medicine needs no refill."""
    ends = [v.end for v in status.schedule.versions.all()]
    return not ends or any(end is None or end >= status.today for end in ends)


@dataclass(frozen=True)
class RefillNotice:
    person: Person
    status: RefillStatus
    text: str


def refill_notices(*, people: Iterable[Person], now: dt.datetime, level: str) -> list[RefillNotice]:
    """Packs that need attention now: running low, a mismatch, or a changed dose unit."""
    notices = []
    for person in people:
        for status in _counted(person=person, now=now):
            if status.state in {"low", "mismatch", "unit"} and _running(status):
                notices.append(RefillNotice(person, status, status.message(level=level)))
    return notices


def refill_feed(*, person: Person, show_names: bool, now: dt.datetime) -> list[FeedRefill]:
    """One all-day calendar event per pack, on the warning day (today once that has passed)."""
    text = refill_text()
    events = []
    for status in _counted(person=person, now=now):
        warn_from = status.warn_from
        if status.pack is None or warn_from is None or status.state not in {"ok", "low"}:
            continue
        name = status.name if show_names else text.calendar["name_hidden"]
        summary = (
            text.calendar["title_named"].format(name=status.name)
            if show_names
            else text.calendar["title_neutral"]
        )
        event = text.texts["event_skin" if status.topical else "event"]
        description = event.at(FEED_LEVEL).format(name=name, date=status.run_out_words)
        events.append(
            FeedRefill(
                uid=f"refill-{status.pack.pk}",
                day=max(warn_from, status.today),
                summary=summary,
                description=description,
            )
        )
    return events


@transaction.atomic
def pack_start(
    *,
    schedule: Schedule,
    units: Decimal,
    unit: str,
    started: dt.date,
    warn_days: int,
    user: object,
) -> RefillPack:
    """A new pack for a schedule; from now on it is the one counted down."""
    return RefillPack.objects.create(
        schedule=schedule,
        units=units,
        unit=unit,
        started=started,
        warn_days=warn_days,
        created_by=user,
    )


def pack_unit(*, schedule: Schedule) -> str:
    """The unit a new pack is counted in: the one of the schedule's newest doses."""
    version = schedule.versions.order_by("start", "id").last()
    dose = version.doses.first() if version else None
    return dose.unit if dose else ""


# --- Form -------------------------------------------------------------------------------


class PackForm(forms.Form):
    units = forms.DecimalField(
        max_digits=9,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    started = forms.DateField(label="Date you started this pack", widget=DateInput())
    warn_days = forms.IntegerField(
        label="Warn me this many days before it runs out",
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 1}),
    )

    def __init__(self, *args: Any, unit: str, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        text = refill_text()
        messages = text.messages
        self.unit = unit
        self.today = today
        units = self.fields["units"]
        units.label = f"How many {unit} you have now"
        units.help_text = (
            f"Count the {unit} before the first dose from this pack, "
            "and add any you still have from the old one."
        )
        unit_invalid = messages["units_invalid"].format(unit=unit)
        units.error_messages.update(
            {
                key: unit_invalid
                for key in (
                    "required",
                    "invalid",
                    "max_digits",
                    "max_decimal_places",
                    "max_whole_digits",
                )
            }
        )
        self.fields["started"].error_messages.update(
            {"required": messages["started_missing"], "invalid": messages["started_missing"]}
        )
        warn = self.fields["warn_days"]
        warn.widget.attrs["max"] = text.warn_days_max
        warn.help_text = "The warning shows on Today and in your calendar reminders."
        warn_invalid = messages["warn_days_invalid"].format(high=text.warn_days_max)
        warn.error_messages.update({"required": warn_invalid, "invalid": warn_invalid})

    def clean_units(self) -> Decimal:
        text = refill_text()
        units = self.cleaned_data["units"]
        if not units.is_finite() or units <= 0:
            raise forms.ValidationError(text.messages["units_invalid"].format(unit=self.unit))
        if units > text.units_max:
            raise forms.ValidationError(
                text.messages["units_too_many"].format(high=text.units_max, unit=self.unit)
            )
        return units

    def clean_started(self) -> dt.date:
        started = self.cleaned_data["started"]
        if started > self.today:
            raise forms.ValidationError(refill_text().messages["started_future"])
        return started

    def clean_warn_days(self) -> int:
        text = refill_text()
        days = self.cleaned_data["warn_days"]
        if not 1 <= days <= text.warn_days_max:
            raise forms.ValidationError(
                text.messages["warn_days_invalid"].format(high=text.warn_days_max)
            )
        return days


# --- Readability ------------------------------------------------------------------------

_SAMPLES = {"name": "Lupkynis", "unit": "capsules", "new_unit": "mg", "date": "Monday 8 June"}


def _sample(template: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: _SAMPLES.get(m.group(1), "8"), template)


def texts_iter() -> Iterator[tuple[str, Leveled]]:
    """Every piece of patient text this feature shows, for the readability checks."""
    text = refill_text()
    for key, value in text.texts.items():
        yield (
            f"refills {key}",
            Leveled(*(_sample(value.at(level)) for level in catalog.LEVEL_NAMES)),
        )
    for key, value in text.messages.items():
        sample = _sample(value)
        yield f"refills messages.{key}", Leveled(sample, sample, sample)
