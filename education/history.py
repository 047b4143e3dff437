"""Dose history: what happened to each scheduled dose, shares on time, exports, the card.

A dose's state is never decided here on its own: `today.dose_state` decides it, as on
the Today page. A dose marked Taken while Today still showed it as "Later today" or
"Due now" was taken on time; marked later, it was taken late. An unmarked dose is
missed once Today would no longer offer it (past the product's window, or gone from
Today at the end of its day). Doses still on Today are "not marked yet" and are not
counted. Words come from `content/history.toml` and `content/schedules.toml`.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.text import slugify

from education import catalog, schedules, symptoms, today
from education.catalog import Leveled, Medicine
from education.models import DoseRecord, Person, Schedule, ScheduledDose, ScheduleVersion
from education.schedules import DoseTime

STATE_KEYS = ("taken", "late", "skipped", "missed", "open")
SETTLED = ("taken", "late", "skipped", "missed")
SHARE_DAYS = (7, 30)
CARD_LEVELS = {"detailed": "standard"}
# Spreadsheets run a cell that starts with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


@dataclass(frozen=True)
class StateWords:
    label: str
    icon: str


@dataclass(frozen=True)
class HistoryText:
    states: dict[str, StateWords]
    on_time: Leveled
    missed: Leveled
    card_intro: Leveled


@cache
def _text_load(directory: Path) -> HistoryText:
    path = directory / "history.toml"
    data = catalog.toml_read(path)
    table = catalog.field_get(data, "states", path, "", dict)
    states = {}
    for key in STATE_KEYS:
        entry = catalog.field_get(table, key, path, "states.", dict)
        states[key] = StateWords(
            label=catalog.field_get(entry, "label", path, f"states.{key}.", str),
            icon=catalog.field_get(entry, "icon", path, f"states.{key}.", str),
        )
    return HistoryText(
        states=states,
        on_time=catalog.leveled_parse(data, "on_time", path),
        missed=catalog.leveled_parse(data, "missed", path),
        card_intro=catalog.leveled_parse(data, "card_intro", path),
    )


def history_text() -> HistoryText:
    # The settings' own Path object keeps its hash, which the cache needs on every call
    # (Today and the history ask for this text once per dose).
    directory = settings.CONTENT_DIR
    return _text_load(directory if isinstance(directory, Path) else Path(directory))


def texts_iter() -> Iterator[tuple[str, Leveled]]:
    text = history_text()
    due = due_words()
    yield "history on time", _filled(text.on_time, due=due)
    yield "history missed", text.missed
    yield "schedule card intro", text.card_intro


def _filled(leveled: Leveled, **values: str) -> Leveled:
    return Leveled(*(leveled.at(level).format(**values) for level in catalog.LEVEL_NAMES))


def due_words() -> str:
    """How long a dose stays due on Today, in words: "1 hour"."""
    return schedules.hours_words(schedules.schedule_text().due_minutes / 60)


def on_time_text(*, level: str) -> str:
    return history_text().on_time.at(level).format(due=due_words())


# --- The state of one scheduled dose -------------------------------------------------------


def outcome_state(
    *,
    medicine: Medicine,
    scheduled: dt.datetime,
    now: dt.datetime,
    record: DoseRecord | None,
    team_window_hours: float | None,
) -> tuple[str, today.DoseState]:
    """The history state of one dose ("taken", "late", "skipped", "missed" or "open"),
    with the Today state it is based on."""
    if record is not None and record.status == "skipped":
        return "skipped", today.dose_state(
            medicine=medicine, scheduled=scheduled, now=now, status="skipped"
        )
    if record is not None:
        # Where Today stood at the moment the dose was marked.
        when = today.dose_state(
            medicine=medicine,
            scheduled=scheduled,
            now=record.marked_at,
            team_window_hours=team_window_hours,
        )
        return ("taken" if when.state in ("upcoming", "due") else "late"), when
    state = today.dose_state(
        medicine=medicine, scheduled=scheduled, now=now, team_window_hours=team_window_hours
    )
    if state.state == "missed":
        return "missed", state
    if state.state in ("upcoming", "due"):
        return "open", state
    # Late and unmarked: open while Today still shows it (its own day, or the next
    # morning within the carry-over), missed after that.
    zone = scheduled.tzinfo
    local_today = now.astimezone(zone).date()
    day = scheduled.date()
    if day == local_today or (
        day == local_today - dt.timedelta(days=1) and now - scheduled <= today.CARRY_OVER
    ):
        return "open", state
    return "missed", state


@dataclass(frozen=True)
class Outcome:
    """One scheduled dose on one day and what happened to it."""

    day: dt.date
    scheduled: dt.datetime  # in the person's time zone
    medicine: Medicine
    dose: ScheduledDose
    state: str
    today_state: today.DoseState
    record: DoseRecord | None
    marked_by: str  # short name, or "you"

    @property
    def label(self) -> str:
        if self.state == "open":
            return self.today_state.label
        return history_text().states[self.state].label

    @property
    def icon(self) -> str:
        return history_text().states[self.state].icon

    @property
    def time_text(self) -> str:
        return f"{self.scheduled:%H:%M}"

    @property
    def amount(self) -> str:
        return self.dose.amount_words

    @property
    def marked_local(self) -> dt.datetime | None:
        if self.record is None:
            return None
        return self.record.marked_at.astimezone(self.scheduled.tzinfo)

    @property
    def marked_text(self) -> str:
        """ "08:05", or "5 May 00:30" when it was marked on another day."""
        local = self.marked_local
        if local is None:
            return ""
        if local.date() == self.day:
            return f"{local:%H:%M}"
        return f"{local.day} {local:%b %H:%M}"

    @property
    def counted(self) -> bool:
        return self.state in SETTLED


def _versions(person: Person) -> list[ScheduleVersion]:
    return list(
        ScheduleVersion.objects.filter(schedule__person=person)
        .select_related("schedule")
        .prefetch_related("doses")
        .order_by("start", "id")
    )


def outcomes_between(
    *, person: Person, first: dt.date, last: dt.date, now: dt.datetime, viewer: object = None
) -> list[Outcome]:
    """Every scheduled dose from `first` to `last` (the person's days), in time order.

    Days after the person's today have no outcomes: history is never made up ahead.
    """
    zone = ZoneInfo(person.time_zone)
    last = min(last, now.astimezone(zone).date())
    if last < first:
        return []
    medicines = catalog.medicines_get()
    versions = [
        v for v in _versions(person) if v.start <= last and (v.end is None or v.end >= first)
    ]
    rows = []
    doses: dict[str, ScheduledDose] = {}
    for version in versions:
        times = []
        for dose in version.doses.all():
            doses[f"{version.pk}-{dose.time:%H%M}"] = dose
            times.append(DoseTime(dose.time, dose.amount, dose.unit))
        rows.append((str(version.pk), version.start, version.end, times))
    by_version = {v.pk: v for v in versions}
    rows_marked = list(
        DoseRecord.objects.filter(dose__version__in=versions, day__gte=first, day__lte=last).only(
            "dose_id", "day", "status", "marked_at", "marked_by_id"
        )
    )
    # A handful of accounts mark doses: load each once, not once per record.
    markers = {
        user.pk: user
        for user in get_user_model()
        .objects.filter(pk__in={r.marked_by_id for r in rows_marked if r.marked_by_id})
        .only("pk", "first_name", "email", "username")
    }
    records = {}
    for row in rows_marked:
        row.marked_by = markers.get(row.marked_by_id)
        records[(row.dose_id, row.day)] = row
    outcomes = []
    day = first
    while day <= last:
        for planned in today.doses_on(day=day, time_zone=person.time_zone, versions=rows):
            dose = doses[planned.key]
            version = by_version[dose.version_id]
            medicine = medicines.get(version.schedule.product)
            if medicine is None:
                continue
            record = records.get((dose.pk, day))
            window = version.team_window_hours
            state, today_state = outcome_state(
                medicine=medicine,
                scheduled=planned.scheduled,
                now=now,
                record=record,
                team_window_hours=float(window) if window is not None else None,
            )
            outcomes.append(
                Outcome(
                    day=day,
                    scheduled=planned.scheduled,
                    medicine=medicine,
                    dose=dose,
                    state=state,
                    today_state=today_state,
                    record=record,
                    marked_by=today.marked_by_words(account=record.marked_by, viewer=viewer)
                    if record
                    else "",
                )
            )
        day += dt.timedelta(days=1)
    return outcomes


# --- Shares on time --------------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    days: int
    on_time: int
    total: int

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return round(100 * self.on_time / self.total)


def shares_on_time(*, outcomes: Iterable[Outcome], last: dt.date) -> list[Share]:
    """For each of the last 7 and 30 days up to `last`: doses taken on time, of all doses
    whose outcome is known (doses not marked yet are left out)."""
    outcomes = [o for o in outcomes if o.counted]
    shares = []
    for days in SHARE_DAYS:
        first = last - dt.timedelta(days=days - 1)
        window = [o for o in outcomes if first <= o.day <= last]
        shares.append(Share(days, sum(o.state == "taken" for o in window), len(window)))
    return shares


def recent_history(
    *, person: Person, now: dt.datetime, viewer: object = None
) -> tuple[list[Outcome], list[Share]]:
    """The last 30 days of outcomes (the person's days) and the shares on time."""
    last = now.astimezone(ZoneInfo(person.time_zone)).date()
    first = last - dt.timedelta(days=max(SHARE_DAYS) - 1)
    outcomes = outcomes_between(person=person, first=first, last=last, now=now, viewer=viewer)
    return outcomes, shares_on_time(outcomes=outcomes, last=last)


# --- Blood pressure readings, from the symptom diary -------------------------------------


def readings_between(*, person: Person, first: dt.date, last: dt.date) -> list[symptoms.DiaryEntry]:
    """Saved checks with a blood-pressure reading, oldest first, with their stored tier."""
    entries = [
        entry
        for entry in symptoms.diary_list(person=person)
        if entry.readings and first <= entry.when.date() <= last
    ]
    return sorted(entries, key=lambda entry: entry.when)


# --- The month view ----------------------------------------------------------------------


@dataclass(frozen=True)
class MonthDay:
    day: dt.date
    outcomes: tuple[Outcome, ...] = ()
    readings: tuple[symptoms.DiaryEntry, ...] = ()
    future: bool = False
    today: bool = False

    @property
    def anchor(self) -> str:
        return f"day-{self.day:%Y-%m-%d}"

    @property
    def counts(self) -> list[tuple[str, str, int]]:
        """(state, label, how many) for each state on this day, in a fixed order."""
        found = []
        for key in ("taken", "late", "skipped", "missed", "open"):
            count = sum(o.state == key for o in self.outcomes)
            if count:
                found.append((key, history_text().states[key].label, count))
        return found

    @property
    def entries(self) -> list[tuple[str, Any]]:
        """Doses and blood-pressure readings together, in clock order."""
        rows: list[tuple[dt.datetime, int, str, Any]] = [
            (o.scheduled, 0, "dose", o) for o in self.outcomes
        ]
        rows += [(r.when, 1, "reading", r) for r in self.readings]
        rows.sort(key=lambda row: (row[0].astimezone(dt.UTC), row[1]))
        return [(kind, item) for _when, _order, kind, item in rows]

    @property
    def worst_tier(self) -> Any:
        tiers = [entry.tier for entry in self.readings if entry.tier]
        return max(tiers, key=lambda tier: tier.rank) if tiers else None


@dataclass(frozen=True)
class Month:
    first: dt.date
    weeks: list[list[MonthDay | None]]
    days: list[MonthDay]  # days with anything on them, newest first
    previous: dt.date | None
    next: dt.date | None
    is_current: bool = False


def month_first(*, person: Person) -> dt.date | None:
    """The first month with anything to show: a schedule's start or a saved reading."""
    starts = [v.start for v in ScheduleVersion.objects.filter(schedule__person=person)]
    zone = ZoneInfo(person.time_zone)
    starts += [
        c.created.astimezone(zone).date()
        for c in person.symptom_checks.filter(systolic__isnull=False)
    ]
    return min(starts).replace(day=1) if starts else None


def month_shift(first: dt.date, months: int) -> dt.date:
    index = first.year * 12 + first.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_build(
    *,
    person: Person,
    first: dt.date,
    now: dt.datetime,
    viewer: object = None,
    outcomes: list[Outcome] | None = None,
) -> Month:
    """One calendar month, Monday first, with each day's doses and readings.

    `outcomes` may hold a wider range already worked out; only the month's are used.
    """
    zone = ZoneInfo(person.time_zone)
    local_today = now.astimezone(zone).date()
    current = local_today.replace(day=1)
    last = month_shift(first, 1) - dt.timedelta(days=1)
    if outcomes is None:
        outcomes = outcomes_between(person=person, first=first, last=last, now=now, viewer=viewer)
    outcomes = [o for o in outcomes if first <= o.day <= last]
    readings = readings_between(person=person, first=first, last=last)
    days = {}
    for number in range(1, last.day + 1):
        day = first.replace(day=number)
        days[day] = MonthDay(
            day=day,
            outcomes=tuple(o for o in outcomes if o.day == day),
            readings=tuple(r for r in readings if r.when.date() == day),
            future=day > local_today,
            today=day == local_today,
        )
    weeks: list[list[MonthDay | None]] = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month):
        weeks.append([days.get(day) for day in week])
    earliest = month_first(person=person)
    previous = month_shift(first, -1)
    following = month_shift(first, 1)
    return Month(
        first=first,
        weeks=weeks,
        days=[d for d in reversed(days.values()) if d.outcomes or d.readings],
        previous=previous if earliest is not None and previous >= earliest else None,
        next=following if following <= current else None,
        is_current=first == current,
    )


class MonthForm(forms.Form):
    month = forms.RegexField(
        regex=r"^\d{4}-\d{2}$",
        required=False,
        error_messages={"invalid": "Choose a month like 2026-05."},
    )

    def __init__(self, *args: Any, latest: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.latest = latest

    def clean_month(self) -> dt.date | None:
        value = self.cleaned_data["month"]
        if not value:
            return None
        year, month = (int(part) for part in value.split("-"))
        if not (year >= 2000 and 1 <= month <= 12):
            raise forms.ValidationError("Choose a month like 2026-05.")
        first = dt.date(year, month, 1)
        if first > self.latest:
            raise forms.ValidationError("There is no history for months that have not come yet.")
        return first


# --- CSV export -------------------------------------------------------------------------

CSV_HEADER = ("Date", "Time", "Medicine", "Dose", "Status", "Marked at", "Marked by")


def cell_safe(value: str) -> str:
    """A spreadsheet shows this cell as text, never runs it as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def history_csv(*, person: Person, now: dt.datetime) -> str:
    """One row per scheduled dose from the first schedule to today, oldest first."""
    starts = [v.start for v in ScheduleVersion.objects.filter(schedule__person=person)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    if not starts:
        return buffer.getvalue()
    last = now.astimezone(ZoneInfo(person.time_zone)).date()
    for outcome in outcomes_between(person=person, first=min(starts), last=last, now=now):
        local = outcome.marked_local
        marker = today.marked_by_words(account=outcome.record.marked_by) if outcome.record else ""
        row = (
            f"{outcome.day:%Y-%m-%d}",
            outcome.time_text,
            outcome.medicine.name,
            outcome.amount,
            outcome.label,
            f"{local:%Y-%m-%d %H:%M}" if local else "",
            marker,
        )
        writer.writerow([cell_safe(str(value)) for value in row])
    return buffer.getvalue()


def csv_filename(*, person: Person, day: dt.date) -> str:
    """ "dose-history-mum-2026-05-04.csv": ASCII letters, digits and hyphens only."""
    name = re.sub(r"[^a-z0-9-]", "", slugify(person.name))[:40].strip("-") or "person"
    return f"dose-history-{name}-{day:%Y-%m-%d}.csv"


# --- The printable schedule card ---------------------------------------------------------


@dataclass(frozen=True)
class CardRow:
    medicine: Medicine
    version: ScheduleVersion
    doses: tuple[ScheduledDose, ...]
    missed_rule: str
    team_rule: tuple[str, ...]  # the care team's late-dose rule, when one was entered
    starts: dt.date | None  # set when this dose has not started yet


def card_rows(*, person: Person, day: dt.date, level: str) -> list[CardRow]:
    """Each medicine's dose in force on `day` (or its next one), for the card.

    The card keeps to standard wording at most: the detailed rules explain the label
    and belong on screen, and the card must fit one printed page.
    """
    level = CARD_LEVELS.get(level, level)
    text = schedules.schedule_text()
    medicines = catalog.medicines_get()
    rows = []
    for schedule in Schedule.objects.filter(person=person).prefetch_related("versions__doses"):
        medicine = medicines.get(schedule.product)
        if medicine is None:
            continue
        versions = [v for v in schedule.versions.all() if v.end is None or v.end >= day]
        if not versions:
            continue
        version = next((v for v in versions if v.start <= day), versions[0])
        team_rule: tuple[str, ...] = ()
        if medicine.asks_team_window and version.team_window_hours:
            hours = schedules.number_words(float(version.team_window_hours))
            team_rule = (
                text.advice["team_take_now"].format(hours=hours),
                text.advice["team_skip"].format(hours=hours),
            )
        rows.append(
            CardRow(
                medicine=medicine,
                version=version,
                doses=tuple(version.doses.all()),
                missed_rule=medicine.missed_dose.rule.at(level),
                team_rule=team_rule,
                starts=version.start if version.start > day else None,
            )
        )
    return sorted(rows, key=lambda row: row.doses[0].time if row.doses else dt.time.max)


@dataclass(frozen=True)
class CardTime:
    time: dt.time
    medicine: Medicine
    amount: str
    starts: dt.date | None


def card_times(rows: Iterable[CardRow]) -> list[CardTime]:
    """Every dose of the day in clock order, across medicines: the card's main table."""
    times = [
        CardTime(dose.time, row.medicine, dose.amount_words, row.starts)
        for row in rows
        for dose in row.doses
    ]
    return sorted(times, key=lambda entry: (entry.time, entry.medicine.name))


def history_page_build(
    *, person: Person, first: dt.date, now: dt.datetime, viewer: object = None
) -> tuple[Month, list[Share]]:
    """The month to show and the shares on time, working out each dose only once
    when the month and the last 30 days overlap (they usually do)."""
    local_today = now.astimezone(ZoneInfo(person.time_zone)).date()
    recent_first = local_today - dt.timedelta(days=max(SHARE_DAYS) - 1)
    month_last = month_shift(first, 1) - dt.timedelta(days=1)
    if month_last < recent_first:
        month = month_build(person=person, first=first, now=now, viewer=viewer)
        return month, recent_history(person=person, now=now, viewer=viewer)[1]
    lowest = min(first, recent_first)
    outcomes = outcomes_between(
        person=person, first=lowest, last=local_today, now=now, viewer=viewer
    )
    month = month_build(person=person, first=first, now=now, viewer=viewer, outcomes=outcomes)
    return month, shares_on_time(outcomes=outcomes, last=local_today)
