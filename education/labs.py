"""Blood-test days and check-ups: appointments, the lab-day reminder, the check-up series.

What a lab-day reminder says follows decisions.md §2 and is worded in
`content/labs.toml`: until the person answers "did your team tell you to take your
morning dose before or after the blood test?" (there is no default answer) it says most
teams ask you to bring the dose and take it right after the draw, and never tells anyone
to take the dose shortly before a level check. Cyclosporine schedules also record the
level type; a 2-hour level (C2) is worded on its own. Voclosporin has no drug-level test:
its lab days are kidney tests and blood-pressure checks, offered as a series from the
schedule's start date in the label's rhythm, which the person accepts, moves or deletes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from education import calendar_feed, catalog
from education.catalog import ContentError, Leveled, Medicine
from education.models import LabAnswer, LabAppointment, Person, Schedule, ScheduleVersion

REMINDER_KEYS = (
    "unanswered",
    "after",
    "before",
    "c2",
    "once_daily",
    "level_type_unknown",
    "no_medicine",
)
QUESTION_KEYS = (
    "dose_timing",
    "dose_timing_before",
    "dose_timing_after",
    "dose_timing_unsure",
    "dose_timing_required",
    "level_type",
    "level_type_trough",
    "level_type_c2",
    "level_type_unsure",
    "level_type_required",
)
MESSAGE_KEYS = ("day_invalid", "day_range", "time_invalid", "kind_invalid", "checkups_none")
# How far back and ahead an appointment date may be: catches typing slips such as 0026.
DAYS_BACK = 366
DAYS_AHEAD = 366 * 3
CALENDAR_KEYS = ("title_neutral", "open_today")
UNSURE = "unsure"  # the form's "I do not know yet", saved as no answer


@dataclass(frozen=True)
class SourcedText:
    text: Leveled
    sources: tuple[str, ...]


@dataclass(frozen=True)
class CheckupPhase:
    every_days: int
    until_day: int
    kind: str


@dataclass(frozen=True)
class CheckupSeries:
    product: str
    phases: tuple[CheckupPhase, ...]
    text: SourcedText


@dataclass(frozen=True)
class LabText:
    alarm_hours_before: int
    event_minutes: int
    question: dict[str, str]
    kinds: dict[str, str]
    calendar: dict[str, str]
    messages: dict[str, str]
    reminders: dict[str, SourcedText]
    intro: SourcedText
    checkups: dict[str, CheckupSeries]


def _sourced(entry: dict[str, Any], path: Path, where: str, citations: dict) -> SourcedText:
    return SourcedText(
        text=catalog.leveled_parse(entry, "text", path, where),
        sources=catalog.sources_parse(entry, path, where, citations),
    )


@cache
def _text_load(directory: Path) -> LabText:
    path = directory / "labs.toml"
    data = catalog.toml_read(path)
    citations = catalog.citations_get()
    medicines = catalog.medicines_get()
    kinds = catalog.field_get(data, "kinds", path, "", dict)
    for key in kinds:
        catalog.field_get(kinds, key, path, "kinds.", str)
    table = catalog.field_get(data, "reminders", path, "", dict)
    reminders = {}
    for key in REMINDER_KEYS + tuple(catalog.field_get(data, "checkups", path, "", dict)):
        entry = catalog.field_get(table, key, path, "reminders.", dict)
        reminders[key] = _sourced(entry, path, f"reminders.{key}.", citations)
    checkups = {}
    for product, entry in data["checkups"].items():
        where = f"checkups.{product}."
        if product not in medicines:
            raise ContentError(path, f"checkups.{product}", "is not a medicine in medicines.toml")
        phases = []
        for index, phase in enumerate(catalog.field_get(entry, "phases", path, where, list)):
            at = f"{where}phases[{index}]."
            kind = catalog.field_get(phase, "kind", path, at, str)
            if kind not in kinds:
                raise ContentError(path, f"{at}kind", f"unknown kind {kind!r}")
            phases.append(
                CheckupPhase(
                    catalog.whole_get(phase, "every_days", path, at),
                    catalog.whole_get(phase, "until_day", path, at),
                    kind,
                )
            )
        checkups[product] = CheckupSeries(
            product, tuple(phases), _sourced(entry, path, where, citations)
        )
    return LabText(
        alarm_hours_before=catalog.whole_get(data, "alarm_hours_before", path, ""),
        event_minutes=catalog.whole_get(data, "event_minutes", path, ""),
        question=catalog.strings_get(data, "question", QUESTION_KEYS, path),
        kinds=dict(kinds),
        calendar=catalog.strings_get(data, "calendar", CALENDAR_KEYS, path),
        messages=catalog.strings_get(data, "messages", MESSAGE_KEYS, path),
        reminders=reminders,
        intro=_sourced(catalog.field_get(data, "intro", path, "", dict), path, "intro.", citations),
        checkups=checkups,
    )


def lab_text() -> LabText:
    return _text_load(Path(settings.CONTENT_DIR))


# --- What the question applies to ----------------------------------------------------------


def asks_dose_timing(*, medicine: Medicine | None) -> bool:
    """Only tacrolimus and cyclosporine have drug-level tests (decisions.md §2)."""
    return medicine is not None and medicine.level_tests


def asks_level_type(*, medicine: Medicine | None) -> bool:
    """Cyclosporine: a level before a dose, or 2 hours after it (C2)."""
    return medicine is not None and medicine.level_tests and "c2" in medicine.level_types


def reminder_keys(*, medicine: Medicine, dose_timing: str = "", level_type: str = "") -> list[str]:
    """Which lab-day reminder texts apply to one medicine, in the order they are shown."""
    text = lab_text()
    if not medicine.level_tests:
        return [medicine.slug] if medicine.slug in text.checkups else []
    if asks_level_type(medicine=medicine) and level_type == "c2":
        return ["c2"]
    main = dose_timing if dose_timing in {"before", "after"} else "unanswered"
    keys = [main]
    if max(medicine.doses_per_day) == 1 and main != "before":
        keys.append("once_daily")
    if asks_level_type(medicine=medicine) and level_type != "trough":
        keys.append("level_type_unknown")
    return keys


@dataclass(frozen=True)
class LabReminder:
    medicine: Medicine | None  # None: the person takes no medicine with a lab rule that day
    texts: tuple[SourcedText, ...]


def _version_on(schedule: Schedule, day: dt.date) -> ScheduleVersion | None:
    for version in schedule.versions.all():
        if version.start <= day and (version.end is None or day <= version.end):
            return version
    return None


def _schedules_with_answers(person: Person) -> list[Schedule]:
    rows = Schedule.objects.filter(person=person).prefetch_related("versions")
    return list(rows.select_related("lab_answer"))


def lab_reminders(
    *, person: Person, day: dt.date, rows: list[Schedule] | None = None
) -> list[LabReminder]:
    """What to do about each medicine on a lab day, from the answers saved on its schedule."""
    text = lab_text()
    medicines = catalog.medicines_get()
    found = []
    for schedule in _schedules_with_answers(person) if rows is None else rows:
        medicine = medicines.get(schedule.product)
        if medicine is None or _version_on(schedule, day) is None:
            continue
        answer = getattr(schedule, "lab_answer", None)
        keys = reminder_keys(
            medicine=medicine,
            dose_timing=answer.dose_timing if answer else "",
            level_type=answer.level_type if answer else "",
        )
        if keys:
            found.append(LabReminder(medicine, tuple(text.reminders[key] for key in keys)))
    if not found:
        found.append(LabReminder(None, (text.reminders["no_medicine"],)))
    return found


# --- Answers on a schedule ------------------------------------------------------------------


def lab_answer_get(*, schedule: Schedule) -> LabAnswer:
    """The saved answers, or an unsaved empty one (not answered yet)."""
    return LabAnswer.objects.filter(schedule=schedule).first() or LabAnswer(schedule=schedule)


def lab_answer_save(*, schedule: Schedule, dose_timing: str, level_type: str = "") -> LabAnswer:
    answer, _created = LabAnswer.objects.update_or_create(
        schedule=schedule, defaults={"dose_timing": dose_timing, "level_type": level_type}
    )
    return answer


# --- Appointments ------------------------------------------------------------------------


def appointments_list(*, person: Person) -> list[LabAppointment]:
    return list(LabAppointment.objects.filter(person=person))


def appointment_get(*, person: Person, appointment_id: int) -> LabAppointment:
    """One of this person's appointments; 404 for anyone else's."""
    appointment = LabAppointment.objects.filter(person=person, pk=appointment_id).first()
    if appointment is None:
        raise Http404("No such appointment.")
    return appointment


def appointments_on(*, person: Person, day: dt.date) -> list[LabAppointment]:
    return list(LabAppointment.objects.filter(person=person, day=day))


def appointment_delete(*, appointment: LabAppointment) -> None:
    appointment.delete()


def kind_label(kind: str) -> str:
    return lab_text().kinds.get(kind, kind)


# --- The check-up series ------------------------------------------------------------------


@dataclass(frozen=True)
class Checkup:
    day: dt.date
    kind: str

    @property
    def label(self) -> str:
        return kind_label(self.kind)


def checkup_dates(*, product: str, start: dt.date) -> list[Checkup]:
    """The label's check-up rhythm from a start date, or nothing for other medicines.

    Each phase continues from the last day of the one before it.
    """
    series = lab_text().checkups.get(product)
    if series is None:
        return []
    dates = []
    day_number = 0
    for phase in series.phases:
        while day_number + phase.every_days <= phase.until_day:
            day_number += phase.every_days
            dates.append(Checkup(start + dt.timedelta(days=day_number), phase.kind))
    return dates


def schedule_start(*, schedule: Schedule) -> dt.date | None:
    first = schedule.versions.order_by("start").first()
    return first.start if first else None


def checkups_offer(*, schedule: Schedule, today: dt.date) -> list[Checkup]:
    """Check-ups still to come from this schedule's start, unless already accepted."""
    start = schedule_start(schedule=schedule)
    if start is None or schedule.checkups.exists():
        return []
    return [c for c in checkup_dates(product=schedule.product, start=start) if c.day >= today]


@dataclass(frozen=True)
class Offer:
    schedule: Schedule
    medicine: Medicine
    checkups: tuple[Checkup, ...]


def offers_list(*, person: Person, today: dt.date) -> list[Offer]:
    medicines = catalog.medicines_get()
    offers = []
    for schedule in Schedule.objects.filter(person=person, product__in=lab_text().checkups):
        checkups = checkups_offer(schedule=schedule, today=today)
        if checkups and schedule.product in medicines:
            offers.append(Offer(schedule, medicines[schedule.product], tuple(checkups)))
    return offers


@transaction.atomic
def checkups_accept(
    *, schedule: Schedule, time: dt.time, place: str, today: dt.date
) -> list[LabAppointment]:
    """Add every offered check-up as an appointment; each can then be moved or deleted."""
    checkups = checkups_offer(schedule=schedule, today=today)
    return LabAppointment.objects.bulk_create(
        LabAppointment(
            person_id=schedule.person_id,
            kind=checkup.kind,
            day=checkup.day,
            time=time,
            place=place,
            schedule=schedule,
        )
        for checkup in checkups
    )


# --- Calendar events ---------------------------------------------------------------------


def feed_labs(
    *, person: Person, show_names: bool, today_url: str = ""
) -> list[calendar_feed.FeedLabDay]:
    """The person's appointments as calendar events, worded at the standard level."""
    text = lab_text()
    events = []
    by_day: dict[dt.date, list[LabReminder]] = {}
    appointments = appointments_list(person=person)
    rows = _schedules_with_answers(person) if appointments else []
    for appointment in appointments:
        if appointment.day not in by_day:
            by_day[appointment.day] = lab_reminders(person=person, day=appointment.day, rows=rows)
        lines = []
        if show_names:
            lines.append(f"{kind_label(appointment.kind)}.")
        if appointment.place:
            lines.append(appointment.place)
        for reminder in by_day[appointment.day]:
            words = " ".join(catalog.plain_text(t.text.standard) for t in reminder.texts)
            if show_names and reminder.medicine is not None:
                words = f"{reminder.medicine.name}: {words}"
            lines.append(words)
        if show_names and appointment.note:
            lines.append(appointment.note)
        if today_url:
            lines.append(text.calendar["open_today"].format(url=today_url))
        title = kind_label(appointment.kind) if show_names else text.calendar["title_neutral"]
        events.append(
            calendar_feed.FeedLabDay(
                uid=f"lab-{appointment.pk}",
                day=appointment.day,
                time=appointment.time,
                title=title,
                description="\n".join(lines),
                minutes=text.event_minutes,
                alarm_before=dt.timedelta(hours=text.alarm_hours_before),
            )
        )
    return events


def person_today(*, person: Person, now: dt.datetime) -> dt.date:
    return now.astimezone(ZoneInfo(person.time_zone)).date()


# --- Forms -------------------------------------------------------------------------------


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self) -> None:
        super().__init__(format="%H:%M")


class AppointmentForm(forms.ModelForm):
    """A blood test or check-up: what it is for, date, time, and where (optional)."""

    class Meta:
        model = LabAppointment
        fields = ["kind", "day", "time", "place", "note"]
        labels = {
            "kind": "What is it for?",
            "day": "Date",
            "time": "Time",
            "place": "Where (optional)",
            "note": "Note (optional)",
        }
        help_texts = {
            "place": "For example: Riverside Clinic lab, 2nd floor.",
            "note": "For example: bring the form from the clinic.",
        }
        widgets = {"day": DateInput(), "time": TimeInput(), "kind": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        text = lab_text()
        kind = forms.ChoiceField(
            label="What is it for?",
            choices=list(text.kinds.items()),
            widget=forms.RadioSelect,
            initial=self.instance.kind or "blood-test",
        )
        kind.error_messages["required"] = text.messages["kind_invalid"]
        kind.error_messages["invalid_choice"] = text.messages["kind_invalid"]
        self.fields["kind"] = kind
        for name in ("day", "time"):
            message = text.messages[f"{name}_invalid"]
            self.fields[name].error_messages.update(required=message, invalid=message)

    def clean_day(self) -> dt.date:
        day = self.cleaned_data["day"]
        today = timezone.localdate()
        first, last = today - dt.timedelta(days=DAYS_BACK), today + dt.timedelta(days=DAYS_AHEAD)
        if not first <= day <= last:
            message = lab_text().messages["day_range"]
            raise forms.ValidationError(
                message.format(first=f"{first:%-d %B %Y}", last=f"{last:%-d %B %Y}")
            )
        return day


class LabAnswerForm(forms.Form):
    """The question of decisions.md §2, with no answer chosen until the person picks one."""

    dose_timing = forms.ChoiceField(widget=forms.RadioSelect)
    level_type = forms.ChoiceField(widget=forms.RadioSelect)

    def __init__(
        self, *args: Any, medicine: Medicine, answer: LabAnswer | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        question = lab_text().question
        for name, values in (
            ("dose_timing", ("before", "after")),
            ("level_type", ("trough", "c2")),
        ):
            field = self.fields[name]
            field.label = question[name]
            field.choices = [(v, question[f"{name}_{v}"]) for v in values] + [
                (UNSURE, question[f"{name}_unsure"])
            ]
            message = question[f"{name}_required"]
            field.error_messages.update(required=message, invalid_choice=message)
        if not asks_level_type(medicine=medicine):
            del self.fields["level_type"]
        # No default answer: a radio is ticked only when an answer was saved.
        if answer is not None and answer.pk is not None:
            for name in self.fields:
                self.initial[name] = getattr(answer, name) or UNSURE

    def answers(self) -> dict[str, str]:
        return {name: "" if value == UNSURE else value for name, value in self.cleaned_data.items()}


class CheckupAcceptForm(forms.Form):
    time = forms.TimeField(
        label="Usual time for these check-ups",
        widget=TimeInput(),
        help_text="You can change the date and time of each one later.",
    )
    place = forms.CharField(label="Where (optional)", max_length=100, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        message = lab_text().messages["time_invalid"]
        self.fields["time"].error_messages.update(required=message, invalid=message)


# --- Readability ----------------------------------------------------------------------------


def _flat(text: str) -> Leveled:
    """A message with its {placeholders} filled, so the readability check reads real words."""
    sample = re.sub(r"\{\w+\}", "8 May 2026", text)
    return Leveled(sample, sample, sample)


def texts_iter() -> Iterator[tuple[str, Leveled]]:
    """Every piece of patient text this feature shows, for the readability checks."""
    text = lab_text()
    for key, entry in text.reminders.items():
        yield f"labs reminders.{key}", entry.text
    yield "labs intro", text.intro.text
    for product, series in text.checkups.items():
        yield f"labs checkups.{product}", series.text.text
    for table in ("question", "messages"):
        for key, value in getattr(text, table).items():
            yield f"labs {table}.{key}", _flat(value)
