"""Schedule rules: which dose times are safe for a product, and what the form says when not.

Every product rule (doses a day, usual spacing, the voclosporin minimum gap, morning
dosing, whether the care team's late-dose window is asked) is read from the medicine
catalogue; every word the schedule pages show comes from `content/schedules.toml`.
This module holds no clinical numbers of its own.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.db import transaction
from django.http import Http404

from education import catalog
from education.catalog import ContentError, Leveled, Medicine
from education.models import Person, Schedule, ScheduledDose, ScheduleVersion

MESSAGE_KEYS = (
    "product_unknown",
    "times_missing",
    "time_invalid",
    "times_count",
    "times_duplicate",
    "min_gap",
    "morning_only",
    "amount_invalid",
    "unit_missing",
    "start_missing",
    "end_before_start",
    "team_window_range",
    "overlap",
    "change_before_start",
    "time_zone_invalid",
    "alarm_range",
    "mark_day",
    "marked",
)
HINT_KEYS = ("spacing", "suggest_morning", "morning_only", "team_window")
STATE_KEYS = ("upcoming", "due", "late", "missed", "taken", "skipped")
ADVICE_KEYS = (
    "team_take_now",
    "team_skip",
    "no_window",
    "skin",
    "taken_twice",
    "too_much",
    "look_different",
)
CALENDAR_KEYS = ("title_neutral", "calendar_name", "open_today")
TIME_RE = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


@dataclass(frozen=True)
class SubscribeHelp:
    id: str
    title: str
    steps: Leveled


@dataclass(frozen=True)
class ScheduleText:
    morning_ends: dt.time
    due_minutes: int
    alarm_minutes_default: int
    alarm_minutes_max: int
    team_window_min_hours: float
    team_window_max_share: float
    messages: dict[str, str]
    hints: dict[str, str]
    states: dict[str, str]
    advice: dict[str, str]
    calendar: dict[str, str]
    subscribe: tuple[SubscribeHelp, ...]


def _number(data: dict[str, Any], key: str, path: Path) -> float:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ContentError(path, key, "must be a number of 0 or more")
    return float(value)


@cache
def _text_load(directory: Path) -> ScheduleText:
    path = directory / "schedules.toml"
    data = catalog.toml_read(path)
    try:
        morning_ends = dt.time.fromisoformat(catalog.field_get(data, "morning_ends", path, "", str))
    except ValueError as error:
        raise ContentError(path, "morning_ends", "must be a time such as 12:00") from error
    subscribe = tuple(
        SubscribeHelp(
            id=key,
            title=catalog.field_get(entry, "title", path, f"subscribe.{key}.", str),
            steps=catalog.leveled_parse(entry, "steps", path, f"subscribe.{key}."),
        )
        for key, entry in catalog.field_get(data, "subscribe", path, "", dict).items()
    )
    return ScheduleText(
        morning_ends=morning_ends,
        due_minutes=int(_number(data, "due_minutes", path)),
        alarm_minutes_default=int(_number(data, "alarm_minutes_default", path)),
        alarm_minutes_max=int(_number(data, "alarm_minutes_max", path)),
        team_window_min_hours=_number(data, "team_window_min_hours", path),
        team_window_max_share=_number(data, "team_window_max_share", path),
        messages=catalog.strings_get(data, "messages", MESSAGE_KEYS, path),
        hints=catalog.strings_get(data, "hints", HINT_KEYS, path),
        states=catalog.strings_get(data, "states", STATE_KEYS, path),
        advice=catalog.strings_get(data, "advice", ADVICE_KEYS, path),
        calendar=catalog.strings_get(data, "calendar", CALENDAR_KEYS, path),
        subscribe=subscribe,
    )


def schedule_text() -> ScheduleText:
    # The settings' own Path object keeps its hash, which the cache needs on every call
    # (Today and the history ask for this text once per dose).
    directory = settings.CONTENT_DIR
    return _text_load(directory if isinstance(directory, Path) else Path(directory))


# --- Small formatting helpers -------------------------------------------------------


def time_words(value: dt.time) -> str:
    return value.strftime("%H:%M")


def hours_words(hours: float) -> str:
    """7.5 -> "7 hours 30 minutes"; 8 -> "8 hours"; 1 -> "1 hour"."""
    minutes = round(hours * 60)
    whole, rest = divmod(minutes, 60)
    parts = []
    if whole:
        parts.append(f"{whole} hour{'s' if whole != 1 else ''}")
    if rest or not whole:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts)


def number_words(value: float) -> str:
    return f"{value:g}"


def counts_words(counts: Sequence[int]) -> str:
    numbers = [str(count) for count in counts]
    joined = numbers[0] if len(numbers) == 1 else f"{', '.join(numbers[:-1])} or {numbers[-1]}"
    return f"{joined} time{'s' if counts[-1] != 1 else ''}"


def short_name(medicine: Medicine) -> str:
    """The brand as on the box without the generic in brackets: "Lupkynis"."""
    return medicine.name.split(" (", 1)[0]


# --- Rules ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DoseTime:
    time: dt.time
    amount: Decimal
    unit: str


@dataclass(frozen=True)
class Problem:
    field: str
    message: str


def time_parse(*, value: str) -> dt.time:
    """ "8:00", "08:00" or "20.30" -> a time; ValueError for anything else, such as 24:00."""
    match = TIME_RE.match(value or "")
    if not match:
        raise ValueError(value)
    hour, minute = int(match.group(1)), int(match.group(2))
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ValueError(value)
    return dt.time(hour, minute)


def medicine_get(*, product: str) -> Medicine | None:
    return catalog.medicines_get().get(product)


def times_suggest(*, medicine: Medicine, doses_per_day: int) -> tuple[dt.time, ...]:
    return tuple(dt.time.fromisoformat(t) for t in medicine.suggested_times.get(doses_per_day, ()))


def asks_team_window(*, medicine: Medicine) -> bool:
    return medicine.asks_team_window


def schedule_hints(*, medicine: Medicine) -> tuple[str, ...]:
    """The product's timing rules in words, shown beside the dose-time fields."""
    text = schedule_text()
    name = short_name(medicine)
    hints = []
    for count in medicine.doses_per_day:
        hours = medicine.usual_spacing_hours.get(count)
        if hours and count > 1:
            hints.append(
                text.hints["spacing"].format(
                    counts=counts_words([count]), name=name, hours=number_words(hours)
                )
            )
    if medicine.morning_only:
        hints.append(
            text.hints["morning_only"].format(name=name, ends=time_words(text.morning_ends))
        )
    elif medicine.suggest_morning:
        hints.append(text.hints["suggest_morning"].format(name=name))
    return tuple(hints)


def gaps_between(times: Sequence[dt.time]) -> list[tuple[dt.time, dt.time, float]]:
    """Hours from each dose to the next, round the clock (the last dose to tomorrow's first)."""
    ordered = sorted(times)
    minutes = [t.hour * 60 + t.minute for t in ordered]
    gaps = []
    for index, first in enumerate(ordered):
        following = (index + 1) % len(ordered)
        gap = (minutes[following] - minutes[index]) % (24 * 60)
        gaps.append((first, ordered[following], gap / 60))
    return gaps


def team_window_limits(*, medicine: Medicine, doses_per_day: int) -> tuple[float, float]:
    text = schedule_text()
    spacing = medicine.usual_spacing_hours.get(doses_per_day) or 24 / max(doses_per_day, 1)
    return text.team_window_min_hours, spacing * text.team_window_max_share


def schedule_validate(
    *,
    product: str,
    doses: Sequence[DoseTime],
    start: dt.date | None,
    end: dt.date | None,
    team_window_hours: float | None,
) -> list[Problem]:
    """Every reason this schedule cannot be saved, each with the field it belongs to."""
    text = schedule_text()
    messages = text.messages
    problems: list[Problem] = []
    medicine = medicine_get(product=product)
    if medicine is None:
        return [Problem("product", messages["product_unknown"])]
    name = short_name(medicine)
    if start is None:
        problems.append(Problem("start", messages["start_missing"]))
    elif end is not None and end < start:
        problems.append(Problem("end", messages["end_before_start"]))
    for dose in doses:
        if dose.amount is None or not dose.amount.is_finite() or dose.amount <= 0:
            problems.append(
                Problem("doses", messages["amount_invalid"].format(time=time_words(dose.time)))
            )
    if any(not dose.unit.strip() for dose in doses):
        problems.append(Problem("unit", messages["unit_missing"]))
    times = [dose.time for dose in doses]
    if not times:
        problems.append(Problem("doses", messages["times_missing"]))
        return problems
    if len(times) not in medicine.doses_per_day:
        counts = counts_words(medicine.doses_per_day)
        number = counts.removesuffix(" times").removesuffix(" time")
        message = messages["times_count"].format(name=name, counts=counts, number=number)
        problems.append(Problem("doses", message))
    seen: set[dt.time] = set()
    for value in times:
        if value in seen:
            problems.append(
                Problem("doses", messages["times_duplicate"].format(time=time_words(value)))
            )
            return problems
        seen.add(value)
    if medicine.min_gap_hours and len(times) > 1:
        usual = medicine.usual_spacing_hours.get(len(times), medicine.min_gap_hours)
        for first, second, gap in gaps_between(times):
            if gap < medicine.min_gap_hours:
                message = messages["min_gap"].format(
                    name=name,
                    hours=number_words(medicine.min_gap_hours),
                    first=time_words(first),
                    second=time_words(second),
                    gap=hours_words(gap),
                    usual=number_words(usual),
                )
                problems.append(Problem("doses", message))
                break
    if medicine.morning_only:
        for value in times:
            if value >= text.morning_ends:
                message = messages["morning_only"].format(
                    name=name, ends=time_words(text.morning_ends)
                )
                problems.append(Problem("doses", message))
                break
    if team_window_hours is not None and medicine.asks_team_window:
        low, high = team_window_limits(medicine=medicine, doses_per_day=len(times))
        if not (low <= team_window_hours <= high):
            message = messages["team_window_range"].format(
                low=number_words(low), high=number_words(high)
            )
            problems.append(Problem("team_window_hours", message))
    return problems


def version_overlap(
    *, start: dt.date, end: dt.date | None, others: Iterable[tuple[dt.date, dt.date | None]]
) -> tuple[dt.date, dt.date | None] | None:
    """The first other (start, end) period that shares a day with this one, if any."""
    last = end or dt.date.max
    for other_start, other_end in others:
        if start <= (other_end or dt.date.max) and other_start <= last:
            return other_start, other_end
    return None


def alarm_validate(*, minutes: int) -> list[Problem]:
    text = schedule_text()
    if 0 <= minutes <= text.alarm_minutes_max:
        return []
    message = text.messages["alarm_range"].format(high=text.alarm_minutes_max)
    return [Problem("alarm_minutes", message)]


# --- Saved schedules -----------------------------------------------------------------


@dataclass(frozen=True)
class ScheduleSummary:
    schedule: Schedule
    medicine: Medicine | None
    versions: tuple[ScheduleVersion, ...]

    @property
    def current(self) -> ScheduleVersion | None:
        return self.versions[-1] if self.versions else None


def schedules_list(*, person: Person) -> list[ScheduleSummary]:
    medicines = catalog.medicines_get()
    rows = Schedule.objects.filter(person=person).prefetch_related("versions__doses")
    return [ScheduleSummary(s, medicines.get(s.product), tuple(s.versions.all())) for s in rows]


def schedule_get(*, person: Person, schedule_id: int) -> Schedule:
    """One of this person's schedules; 404 for anyone else's."""
    schedule = Schedule.objects.filter(person=person, pk=schedule_id).first()
    if schedule is None:
        raise Http404("No such schedule.")
    return schedule


def schedule_overlap(
    *,
    person: Person,
    product: str,
    start: dt.date,
    end: dt.date | None,
    exclude: ScheduleVersion | None = None,
) -> ScheduleVersion | None:
    """A saved version of the same product for this person that shares a day with these dates."""
    versions = ScheduleVersion.objects.filter(
        schedule__person=person, schedule__product=product
    ).order_by("start")
    if exclude is not None:
        versions = versions.exclude(pk=exclude.pk)
    periods = {(v.start, v.end): v for v in versions}
    found = version_overlap(start=start, end=end, others=periods)
    return periods[found] if found else None


def _version_save(
    *,
    schedule: Schedule,
    doses: Sequence[DoseTime],
    start: dt.date,
    end: dt.date | None,
    note: str,
    team_window_hours: Decimal | None,
) -> ScheduleVersion:
    version = ScheduleVersion.objects.create(
        schedule=schedule, start=start, end=end, note=note, team_window_hours=team_window_hours
    )
    ScheduledDose.objects.bulk_create(
        ScheduledDose(version=version, time=d.time, amount=d.amount, unit=d.unit.strip())
        for d in doses
    )
    return version


@transaction.atomic
def schedule_create(
    *,
    person: Person,
    product: str,
    doses: Sequence[DoseTime],
    start: dt.date,
    end: dt.date | None = None,
    note: str = "",
    team_window_hours: Decimal | None = None,
) -> Schedule:
    schedule = Schedule.objects.create(person=person, product=product)
    _version_save(
        schedule=schedule,
        doses=doses,
        start=start,
        end=end,
        note=note,
        team_window_hours=team_window_hours,
    )
    return schedule


def version_current(*, schedule: Schedule) -> ScheduleVersion | None:
    return schedule.versions.order_by("start").last()


@transaction.atomic
def schedule_change(
    *,
    schedule: Schedule,
    doses: Sequence[DoseTime],
    start: dt.date,
    end: dt.date | None = None,
    note: str = "",
    team_window_hours: Decimal | None = None,
) -> ScheduleVersion:
    """A new dose from `start`: the current version ends the day before, history stays."""
    current = version_current(schedule=schedule)
    if current is not None and (current.end is None or current.end >= start):
        current.end = start - dt.timedelta(days=1)
        current.save(update_fields=["end"])
    return _version_save(
        schedule=schedule,
        doses=doses,
        start=start,
        end=end,
        note=note,
        team_window_hours=team_window_hours,
    )


def schedule_end(*, schedule: Schedule, end: dt.date) -> None:
    current = version_current(schedule=schedule)
    if current is not None:
        current.end = end
        current.save(update_fields=["end"])


def version_doses(*, version: ScheduleVersion) -> tuple[DoseTime, ...]:
    return tuple(DoseTime(d.time, d.amount, d.unit) for d in version.doses.all())


# --- Forms -------------------------------------------------------------------------------


class ProductForm(forms.Form):
    product = forms.ChoiceField(
        label="Which medicine?",
        help_text="Choose the name on the box or the pharmacy label.",
        error_messages={"required": "Choose a medicine from the list."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(slug, m.name) for slug, m in catalog.medicines_get().items()]
        self.fields["product"].choices = [("", "Choose a medicine"), *choices]
        self.fields["product"].error_messages["invalid_choice"] = schedule_text().messages[
            "product_unknown"
        ]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class ScheduleForm(forms.Form):
    """Dose times and amounts from a date, checked against the product's rules.

    The same form sets up a schedule and changes its dose from a date (`change=True`);
    `person` is needed to refuse dates that overlap another version of the product.
    """

    unit = forms.CharField(label="Measured in", max_length=20, required=False)
    start = forms.DateField(label="Start date", widget=DateInput(), required=False)
    end = forms.DateField(
        label="Last day (optional)",
        widget=DateInput(),
        required=False,
        help_text="Leave empty if there is no end date.",
    )
    team_window_hours = forms.DecimalField(
        label="Your care team's late-dose window, in hours (optional)",
        required=False,
        max_digits=3,
        decimal_places=1,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    note = forms.CharField(
        label="Note (optional)",
        max_length=200,
        required=False,
        help_text="For example: take with a glass of water.",
    )

    def __init__(
        self,
        *args: Any,
        medicine: Medicine,
        person: Person,
        current: ScheduleVersion | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.medicine = medicine
        self.person = person
        self.current = current
        text = schedule_text()
        self.rows = max(medicine.doses_per_day)
        fewest = min(medicine.doses_per_day)
        for index in range(1, self.rows + 1):
            optional = index > fewest
            suffix = " (leave empty if you take fewer doses)" if optional else ""
            self.fields[f"time_{index}"] = forms.CharField(
                label=f"Dose {index} time{suffix}",
                required=False,
                widget=forms.TextInput(attrs={"type": "time"}),
            )
            self.fields[f"amount_{index}"] = forms.CharField(
                label=f"Dose {index} amount",
                required=False,
                max_length=10,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            )
        self.fields["unit"].help_text = f"For example: {medicine.unit_hint}."
        if current is not None:
            self.fields["start"].label = "New dose from"
            self.fields["start"].help_text = "The first day of the new dose."
        if asks_team_window(medicine=medicine):
            self.fields["team_window_hours"].help_text = text.hints["team_window"]
        else:
            del self.fields["team_window_hours"]
        # Keep the field order the person fills them in: doses first.
        self.order_fields(
            [f"{kind}_{i}" for i in range(1, self.rows + 1) for kind in ("time", "amount")]
        )

    def dose_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"time_{i}"], self[f"amount_{i}"]) for i in range(1, self.rows + 1)]

    def other_fields(self) -> list[forms.BoundField]:
        return [field for field in self if not field.name.startswith(("time_", "amount_"))]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        messages = schedule_text().messages
        doses: list[DoseTime] = []
        for index in range(1, self.rows + 1):
            raw_time = (data.get(f"time_{index}") or "").strip()
            raw_amount = (data.get(f"amount_{index}") or "").strip()
            if not raw_time and not raw_amount:
                continue
            try:
                value = time_parse(value=raw_time)
            except ValueError:
                self.add_error(
                    f"time_{index}",
                    messages["time_invalid" if raw_time else "times_missing"],
                )
                continue
            try:
                amount = Decimal(raw_amount.replace(",", "."))
            except InvalidOperation:
                amount = Decimal("NaN")
            if not amount.is_finite() or amount <= 0:
                self.add_error(
                    f"amount_{index}", messages["amount_invalid"].format(time=time_words(value))
                )
                continue
            doses.append(DoseTime(value, amount, data.get("unit") or ""))
        if self.errors:
            return data
        window = data.get("team_window_hours")
        problems = schedule_validate(
            product=self.medicine.slug,
            doses=doses,
            start=data.get("start"),
            end=data.get("end"),
            team_window_hours=float(window) if window is not None else None,
        )
        start, end = data.get("start"), data.get("end")
        if not problems and self.current is not None and start <= self.current.start:
            date = self.current.start.strftime("%-d %B %Y")
            problems.append(Problem("start", messages["change_before_start"].format(start=date)))
        if not problems:
            other = schedule_overlap(
                person=self.person,
                product=self.medicine.slug,
                start=start,
                end=end,
                exclude=self.current,
            )
            if other is not None:
                date = other.start.strftime("%-d %B %Y")
                problems.append(Problem("start", messages["overlap"].format(start=date)))
        for problem in problems:
            field = {"doses": "time_1", "product": None}.get(problem.field, problem.field)
            self.add_error(field if field in self.fields else None, problem.message)
        data["doses"] = doses
        return data


class EndForm(forms.Form):
    end = forms.DateField(
        label="Last day of this medicine",
        widget=DateInput(),
        error_messages={
            "required": "Enter the last day, like 2026-03-12.",
            "invalid": "Enter the last day, like 2026-03-12.",
        },
    )

    def __init__(self, *args: Any, current: ScheduleVersion | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.current = current

    def clean_end(self) -> dt.date:
        end = self.cleaned_data["end"]
        if self.current is not None and end < self.current.start:
            raise forms.ValidationError(schedule_text().messages["end_before_start"])
        return end


# --- Readability ----------------------------------------------------------------------

_SAMPLES = {"name": "Lupkynis", "url": "the site"}


def _sample(template: str) -> str:
    """A message with its {placeholders} filled, so the readability check reads real words."""
    return re.sub(r"\{(\w+)\}", lambda m: _SAMPLES.get(m.group(1), "8"), template)


def _flat(text: str) -> Leveled:
    sample = _sample(text)
    return Leveled(sample, sample, sample)


def texts_iter() -> Iterator[tuple[str, Leveled]]:
    """Every piece of patient text this feature shows, for the readability checks."""
    text = schedule_text()
    for help_entry in text.subscribe:
        yield f"subscribe {help_entry.id}", help_entry.steps
    for table in ("messages", "hints", "advice"):
        for key, value in getattr(text, table).items():
            yield f"schedules {table}.{key}", _flat(value)
    for medicine in catalog.medicines_get().values():
        for key in ("take_now", "skip"):
            value = getattr(medicine.missed_dose, key)
            if value:
                yield f"medicine {medicine.slug} {key}", _flat(value)
        yield f"medicine {medicine.slug} reminder", _flat(medicine.food_rule.reminder)
