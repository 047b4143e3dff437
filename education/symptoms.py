"""Symptom checks: what a person notices, how urgent it is, and blood-pressure readings.

The symptoms, their tiers, the tier wording and the blood-pressure thresholds are data
in `content/symptoms.toml`; this module loads and validates them, and turns what a
person ticked or measured into a result. The highest tier decides the result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import forms
from django.conf import settings

from education import catalog
from education.catalog import ContentError, Leveled, Medicine
from education.models import Person, SymptomCheck

NOT_SURE = "not-sure"  # the "I don't know which medicine" checklist: every symptom
PRODUCT_GROUPS = ("all", "pills", "creams")
CONTENT_FILE = "symptoms.toml"


# --- Data ------------------------------------------------------------------------


@dataclass(frozen=True)
class Tier:
    id: str
    rank: int
    name: str
    action: Leveled


@dataclass(frozen=True)
class Area:
    id: str
    name: str
    audience: str  # "" when the area is for everyone


@dataclass(frozen=True)
class Reason:
    id: str
    why: Leveled
    lesson: str
    section: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Symptom:
    id: str
    label: str
    area: str
    products: tuple[str, ...]  # "all", "pills", "creams" or medicine slugs
    signals: tuple[str, ...]
    tier: str
    reason: Reason

    def applies_to(self, medicine: Medicine | None) -> bool:
        if medicine is None or "all" in self.products:
            return True
        group = "creams" if medicine.is_topical else "pills"
        return group in self.products or medicine.slug in self.products


@dataclass(frozen=True)
class Escalation:
    id: str
    tier: str
    groups: tuple[tuple[str, ...], ...]
    reason: Reason

    def applies(self, ticked: set[str]) -> bool:
        return all(ticked & set(group) for group in self.groups)


@dataclass(frozen=True)
class BloodPressureSymptom:
    id: str
    label: str
    crisis: bool
    pregnancy: bool


@dataclass(frozen=True)
class BloodPressureRules:
    crisis_systolic: int
    crisis_diastolic: int
    pregnancy_systolic: int
    pregnancy_diastolic: int
    systolic_range: tuple[int, int]
    diastolic_range: tuple[int, int]
    recheck: str  # how long to wait before measuring again, in words
    texts: dict[str, Leveled]
    symptoms: tuple[BloodPressureSymptom, ...]
    lesson: str
    section: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class SymptomContent:
    reviewed: dt.date
    next_review: dt.date
    tiers: dict[str, Tier]
    two_same_day: Leveled
    covid_warning: Leveled
    covid_sources: tuple[str, ...]
    result_note: Leveled
    signals: dict[str, str]
    areas: tuple[Area, ...]
    symptoms: dict[str, Symptom]
    escalations: tuple[Escalation, ...]
    reasons: dict[str, Reason]
    blood_pressure: BloodPressureRules


BP_TEXTS = (
    "crisis_recheck",
    "crisis_same_day",
    "crisis_emergency",
    "pregnancy_same_day",
    "pregnancy_emergency",
    "over_limit",
    "below",
    "first_high",
)


def _leveled_glossary_check(
    text: Leveled, path: Path, where: str, glossary: dict[str, catalog.Term]
) -> Leveled:
    for level in catalog.LEVEL_NAMES:
        for term in catalog.terms_used(text.at(level)):
            if term not in glossary:
                raise ContentError(path, f"{where}.{level}", f"unknown glossary term {term!r}")
    return text


def _lesson_check(
    entry: dict[str, Any], path: Path, where: str, lessons: dict[str, catalog.Lesson]
) -> tuple[str, str]:
    lesson = catalog.field_get(entry, "lesson", path, where, str)
    section = catalog.field_get(entry, "section", path, where, str)
    if lesson not in lessons:
        raise ContentError(path, f"{where}lesson", f"unknown lesson {lesson!r}")
    if lessons[lesson].section(section) is None:
        raise ContentError(path, f"{where}section", f"{lesson!r} has no section {section!r}")
    return lesson, section


def _reasons_parse(data: dict[str, Any], path: Path, base: catalog.Catalog) -> dict[str, Reason]:
    reasons = {}
    for reason_id, entry in catalog.field_get(data, "reasons", path, "", dict).items():
        where = f"reasons.{reason_id}."
        lesson, section = _lesson_check(entry, path, where, base.lessons)
        why = catalog.leveled_parse(entry, "why", path, where)
        reasons[reason_id] = Reason(
            id=reason_id,
            why=_leveled_glossary_check(why, path, f"{where}why", base.glossary),
            lesson=lesson,
            section=section,
            sources=catalog.sources_parse(entry, path, where, base.citations),
        )
    return reasons


def _reason_get(
    entry: dict[str, Any], path: Path, where: str, reasons: dict[str, Reason]
) -> Reason:
    reason_id = catalog.field_get(entry, "reason", path, where, str)
    if reason_id not in reasons:
        raise ContentError(path, f"{where}reason", f"unknown reason {reason_id!r}")
    return reasons[reason_id]


def _tier_get(entry: dict[str, Any], path: Path, where: str, tiers: dict[str, Tier]) -> str:
    tier = catalog.field_get(entry, "tier", path, where, str)
    if tier not in tiers:
        raise ContentError(path, f"{where}tier", f"must be one of {', '.join(tiers)}")
    return tier


def _symptoms_parse(
    data: dict[str, Any],
    path: Path,
    tiers: dict[str, Tier],
    areas: dict[str, Area],
    signals: dict[str, str],
    reasons: dict[str, Reason],
    medicines: dict[str, Medicine],
) -> dict[str, Symptom]:
    symptoms: dict[str, Symptom] = {}
    for index, entry in enumerate(catalog.field_get(data, "symptoms", path, "", list)):
        where = f"symptoms[{index}]."
        symptom_id = catalog.field_get(entry, "id", path, where, str)
        if not catalog.SLUG_RE.match(symptom_id) or symptom_id in symptoms:
            raise ContentError(path, f"{where}id", f"{symptom_id!r} must be a new lowercase id")
        area = catalog.field_get(entry, "area", path, where, str)
        if area not in areas:
            raise ContentError(path, f"{where}area", f"unknown area {area!r}")
        products = catalog.field_get(entry, "products", path, where, list)
        known = {**dict.fromkeys(PRODUCT_GROUPS), **medicines}
        catalog.slugs_check(products, known, path, f"{where}products")
        if not products:
            raise ContentError(path, f"{where}products", "needs at least one product")
        symptom_signals = catalog.field_get(entry, "signals", path, where, list)
        catalog.slugs_check(symptom_signals, signals, path, f"{where}signals")
        symptoms[symptom_id] = Symptom(
            id=symptom_id,
            label=catalog.field_get(entry, "label", path, where, str),
            area=area,
            products=tuple(products),
            signals=tuple(symptom_signals),
            tier=_tier_get(entry, path, where, tiers),
            reason=_reason_get(entry, path, where, reasons),
        )
    return symptoms


def _escalations_parse(
    data: dict[str, Any],
    path: Path,
    tiers: dict[str, Tier],
    symptoms: dict[str, Symptom],
    reasons: dict[str, Reason],
) -> tuple[Escalation, ...]:
    escalations = []
    for index, entry in enumerate(data.get("escalations", [])):
        where = f"escalations[{index}]."
        groups = catalog.field_get(entry, "groups", path, where, list)
        if len(groups) < 2 or not all(isinstance(g, list) and g for g in groups):
            raise ContentError(path, f"{where}groups", "needs 2 or more non-empty lists")
        for group in groups:
            catalog.slugs_check(group, symptoms, path, f"{where}groups")
        escalations.append(
            Escalation(
                id=catalog.field_get(entry, "id", path, where, str),
                tier=_tier_get(entry, path, where, tiers),
                groups=tuple(tuple(group) for group in groups),
                reason=_reason_get(entry, path, where, reasons),
            )
        )
    return tuple(escalations)


def _range_get(data: dict[str, Any], key: str, path: Path) -> tuple[int, int]:
    value = catalog.field_get(data, key, path, "blood_pressure.", list)
    if len(value) != 2 or not all(isinstance(n, int) for n in value) or value[0] >= value[1]:
        raise ContentError(path, f"blood_pressure.{key}", "must be [lowest, highest] whole numbers")
    return value[0], value[1]


def _blood_pressure_parse(
    data: dict[str, Any], path: Path, base: catalog.Catalog
) -> BloodPressureRules:
    bp = catalog.field_get(data, "blood_pressure", path, "", dict)
    where = "blood_pressure."
    numbers = {
        key: catalog.field_get(bp, key, path, where, int)
        for key in (
            "crisis_systolic",
            "crisis_diastolic",
            "pregnancy_systolic",
            "pregnancy_diastolic",
        )
    }
    if not (
        numbers["pregnancy_systolic"] < numbers["crisis_systolic"]
        and numbers["pregnancy_diastolic"] < numbers["crisis_diastolic"]
    ):
        raise ContentError(path, where + "pregnancy_systolic", "must be below the crisis numbers")
    fill = {f"{{{key}}}": str(value) for key, value in numbers.items()}
    fill["{recheck}"] = catalog.field_get(bp, "recheck", path, where, str)
    texts = {}
    for key in BP_TEXTS:
        raw = catalog.leveled_parse(bp, key, path, where)
        filled = {}
        for level in catalog.LEVEL_NAMES:
            text = raw.at(level)
            for token, value in fill.items():
                text = text.replace(token, value)
            filled[level] = text
        texts[key] = Leveled(**filled)
    symptoms = []
    for index, entry in enumerate(catalog.field_get(bp, "symptoms", path, where, list)):
        at = f"{where}symptoms[{index}]."
        symptoms.append(
            BloodPressureSymptom(
                id=catalog.field_get(entry, "id", path, at, str),
                label=catalog.field_get(entry, "label", path, at, str),
                crisis=catalog.field_get(entry, "crisis", path, at, bool),
                pregnancy=catalog.field_get(entry, "pregnancy", path, at, bool),
            )
        )
    lesson, section = _lesson_check(bp, path, where, base.lessons)
    return BloodPressureRules(
        **numbers,
        systolic_range=_range_get(bp, "systolic_range", path),
        diastolic_range=_range_get(bp, "diastolic_range", path),
        recheck=fill["{recheck}"],
        texts=texts,
        symptoms=tuple(symptoms),
        lesson=lesson,
        section=section,
        sources=catalog.sources_parse(bp, path, where, base.citations),
    )


@cache
def symptoms_load(directory: Path, today: dt.date) -> SymptomContent:
    base = catalog.catalog_load(directory, today)
    path = directory / CONTENT_FILE
    data = catalog.toml_read(path)
    reviewed = catalog.date_get(data, "reviewed", path)
    next_review = catalog.date_get(data, "next_review", path)
    if next_review < today:
        raise ContentError(path, "next_review", f"{next_review} has passed: review the symptoms")
    tiers = {}
    for tier_id, entry in catalog.field_get(data, "tiers", path, "", dict).items():
        tiers[tier_id] = Tier(
            id=tier_id,
            rank=catalog.field_get(entry, "rank", path, f"tiers.{tier_id}.", int),
            name=catalog.field_get(entry, "name", path, f"tiers.{tier_id}.", str),
            action=catalog.leveled_parse(entry, "action", path, f"tiers.{tier_id}."),
        )
    if set(tiers) != {"emergency", "same-day", "next-visit"}:
        raise ContentError(path, "tiers", "must be exactly emergency, same-day and next-visit")
    signals = {
        key: str(value) for key, value in catalog.field_get(data, "signals", path, "", dict).items()
    }
    areas: dict[str, Area] = {}
    for index, entry in enumerate(catalog.field_get(data, "areas", path, "", list)):
        where = f"areas[{index}]."
        audience = entry.get("audience", "")
        if audience and audience not in catalog.AUDIENCES:
            raise ContentError(path, f"{where}audience", f"unknown audience {audience!r}")
        area_id = catalog.field_get(entry, "id", path, where, str)
        areas[area_id] = Area(
            id=area_id, name=catalog.field_get(entry, "name", path, where, str), audience=audience
        )
    reasons = _reasons_parse(data, path, base)
    symptoms = _symptoms_parse(data, path, tiers, areas, signals, reasons, base.medicines)
    covid = catalog.field_get(data, "covid_warning", path, "", dict)
    return SymptomContent(
        reviewed=reviewed,
        next_review=next_review,
        tiers=tiers,
        two_same_day=catalog.leveled_parse(data, "two_same_day", path),
        covid_warning=catalog.leveled_parse(covid, "text", path, "covid_warning."),
        covid_sources=catalog.sources_parse(covid, path, "covid_warning.", base.citations),
        result_note=catalog.leveled_parse(data, "result_note", path),
        signals=signals,
        areas=tuple(areas.values()),
        symptoms=symptoms,
        escalations=_escalations_parse(data, path, tiers, symptoms, reasons),
        reasons=reasons,
        blood_pressure=_blood_pressure_parse(data, path, base),
    )


def content_get() -> SymptomContent:
    return symptoms_load(Path(settings.CONTENT_DIR), dt.date.today())


def texts_iter() -> Iterator[tuple[str, Leveled]]:
    """Every piece of patient text in the symptom content, for readability checks."""
    content = content_get()
    for tier in content.tiers.values():
        yield f"symptoms tier {tier.id}", tier.action
    yield "symptoms two same-day", content.two_same_day
    yield "symptoms COVID-19 warning", content.covid_warning
    yield "symptoms result note", content.result_note
    for reason in content.reasons.values():
        yield f"symptoms reason {reason.id}", reason.why
    # Labels are read as a list, one checkbox at a time, so each list is measured whole.
    for area in content.areas:
        labels = [s.label for s in content.symptoms.values() if s.area == area.id]
        yield f"symptom checklist {area.id}", _as_list(labels)
    for key, text in content.blood_pressure.texts.items():
        yield f"blood pressure {key}", text
    yield "blood pressure signs", _as_list([s.label for s in content.blood_pressure.symptoms])


def _as_list(labels: list[str]) -> Leveled:
    text = "\n".join(f"- {label}" for label in labels)
    return Leveled(text, text, text)


# --- Products --------------------------------------------------------------------


def symptoms_for(*, medicine: Medicine | None) -> list[Symptom]:
    """The symptoms on the checklist for one medicine (every symptom when not sure)."""
    content = content_get()
    areas = {area.id: area for area in content.areas}
    chosen = []
    for symptom in content.symptoms.values():
        audience = areas[symptom.area].audience
        if medicine is not None and audience and audience not in medicine.audiences:
            continue
        if symptom.applies_to(medicine):
            chosen.append(symptom)
    return chosen


@dataclass(frozen=True)
class Group:
    area: Area
    symptoms: tuple[Symptom, ...]


def checklist_groups(*, medicine: Medicine | None) -> list[Group]:
    """The checklist grouped by body area, in the content's area order."""
    symptoms = symptoms_for(medicine=medicine)
    groups = []
    for area in content_get().areas:
        inside = tuple(s for s in symptoms if s.area == area.id)
        if inside:
            groups.append(Group(area, inside))
    return groups


# --- Assessing a check -----------------------------------------------------------


@dataclass(frozen=True)
class CheckResult:
    tier: Tier
    symptoms: tuple[Symptom, ...]  # ticked, most urgent first
    escalations: tuple[Escalation, ...]
    same_day_count: int
    infection: bool

    @property
    def two_same_day(self) -> bool:
        return self.tier.id == "same-day" and self.same_day_count >= 2


def check_assess(*, symptom_ids: list[str], medicine: Medicine | None) -> CheckResult:
    """The result of a checklist: the highest tier ticked (or reached by a combination)."""
    content = content_get()
    if not symptom_ids:
        raise ValueError("a check needs at least one symptom")
    ticked = [content.symptoms[symptom_id] for symptom_id in symptom_ids]
    ticked_ids = set(symptom_ids)
    escalations = tuple(e for e in content.escalations if e.applies(ticked_ids))
    ranks = [content.tiers[s.tier].rank for s in ticked]
    ranks += [content.tiers[e.tier].rank for e in escalations]
    top = max((t for t in content.tiers.values() if t.rank in ranks), key=lambda t: t.rank)
    ordered = sorted(ticked, key=lambda s: -content.tiers[s.tier].rank)
    infection = any("infection" in s.signals for s in ticked) and (
        medicine is None or not medicine.is_topical
    )
    return CheckResult(
        tier=top,
        symptoms=tuple(ordered),
        escalations=escalations,
        same_day_count=sum(1 for s in ticked if s.tier == "same-day"),
        infection=infection,
    )


@dataclass(frozen=True)
class Reading:
    systolic: int
    diastolic: int

    def __str__(self) -> str:
        return f"{self.systolic}/{self.diastolic}"


@dataclass(frozen=True)
class PressureResult:
    tier: Tier | None  # None when the reading is below every threshold
    messages: tuple[str, ...]  # keys of blood_pressure texts, most urgent first
    readings: tuple[Reading, ...]
    recheck: bool  # a first crisis-range reading with no second one yet
    signs: tuple[BloodPressureSymptom, ...]
    pregnant: bool
    limit: Reading | None


def pressure_assess(
    *,
    first: Reading,
    second: Reading | None = None,
    signs: list[str] | tuple[str, ...] = (),
    pregnant: bool = False,
    limit: Reading | None = None,
) -> PressureResult:
    """The urgency of a home blood-pressure reading (the latest one counts).

    Crisis range is top number >= crisis_systolic OR bottom >= crisis_diastolic. A
    crisis-range reading with a danger sign is an emergency at once; without one it
    is same day, with the advice to measure again (or, after a lower re-check, same
    day to tell the team about both).
    """
    content = content_get()
    rules = content.blood_pressure
    tiers = content.tiers
    chosen = tuple(s for s in rules.symptoms if s.id in set(signs))
    latest = second or first

    def crisis(reading: Reading) -> bool:
        return (
            reading.systolic >= rules.crisis_systolic or reading.diastolic >= rules.crisis_diastolic
        )

    def severe_in_pregnancy(reading: Reading) -> bool:
        return (
            reading.systolic >= rules.pregnancy_systolic
            or reading.diastolic >= rules.pregnancy_diastolic
        )

    found: list[tuple[int, str]] = []
    if crisis(latest):
        if any(s.crisis for s in chosen):
            found.append((tiers["emergency"].rank, "crisis_emergency"))
        elif second is None:
            found.append((tiers["same-day"].rank, "crisis_recheck"))
        else:
            found.append((tiers["same-day"].rank, "crisis_same_day"))
    elif second is not None and crisis(first):
        found.append((tiers["same-day"].rank, "first_high"))
    if pregnant and severe_in_pregnancy(latest):
        if any(s.pregnancy for s in chosen):
            found.append((tiers["emergency"].rank, "pregnancy_emergency"))
        else:
            found.append((tiers["same-day"].rank, "pregnancy_same_day"))
    if limit and (latest.systolic > limit.systolic or latest.diastolic > limit.diastolic):
        found.append((tiers["same-day"].rank, "over_limit"))
    found.sort(key=lambda item: -item[0])
    tier = None
    if found:
        tier = next(t for t in tiers.values() if t.rank == found[0][0])
    return PressureResult(
        tier=tier,
        messages=tuple(key for _rank, key in found) or ("below",),
        readings=(first, second) if second else (first,),
        recheck=any(key == "crisis_recheck" for _rank, key in found),
        signs=chosen,
        pregnant=pregnant,
        limit=limit,
    )


# --- Forms -----------------------------------------------------------------------


class SymptomForm(forms.Form):
    symptoms = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Tick at least one thing you notice. If none fit, call your care team.",
            "invalid_choice": "Something you ticked is not on this list. Tick again from the list.",
        },
    )

    def __init__(self, *args: Any, medicine: Medicine | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["symptoms"].choices = [(s.id, s.label) for s in symptoms_for(medicine=medicine)]


def _number_field(label: str, low: int, high: int, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=low,
        max_value=high,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class PressureForm(forms.Form):
    """One or two readings, danger signs, pregnancy, and the team's own limit if any."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, label_suffix="", **kwargs)
        rules = content_get().blood_pressure
        sys_low, sys_high = rules.systolic_range
        dia_low, dia_high = rules.diastolic_range
        self.fields["systolic"] = _number_field("Top number (systolic)", sys_low, sys_high)
        self.fields["diastolic"] = _number_field("Bottom number (diastolic)", dia_low, dia_high)
        self.fields["systolic_2"] = _number_field(
            "Second reading: top number", sys_low, sys_high, required=False
        )
        self.fields["diastolic_2"] = _number_field(
            "Second reading: bottom number", dia_low, dia_high, required=False
        )
        self.fields["signs"] = forms.MultipleChoiceField(
            label="Do you have any of these now?",
            required=False,
            widget=forms.CheckboxSelectMultiple,
            choices=[(s.id, s.label) for s in rules.symptoms],
        )
        self.fields["pregnant"] = forms.BooleanField(
            label="I am pregnant or gave birth in the last 6 weeks", required=False
        )
        self.fields["limit_systolic"] = _number_field(
            "Your team's limit: top number", sys_low, sys_high, required=False
        )
        self.fields["limit_diastolic"] = _number_field(
            "Your team's limit: bottom number", dia_low, dia_high, required=False
        )
        ranges = {
            "systolic": (sys_low, sys_high, "top"),
            "systolic_2": (sys_low, sys_high, "top"),
            "limit_systolic": (sys_low, sys_high, "top"),
            "diastolic": (dia_low, dia_high, "bottom"),
            "diastolic_2": (dia_low, dia_high, "bottom"),
            "limit_diastolic": (dia_low, dia_high, "bottom"),
        }
        for name, (low, high, which) in ranges.items():
            message = f"Enter the {which} number as a whole number from {low} to {high}."
            self.fields[name].error_messages.update(
                {
                    "required": f"Enter the {which} number of your reading.",
                    "invalid": message,
                    "min_value": message,
                    "max_value": message,
                }
            )

    def _pair(self, top: str, bottom: str, what: str) -> Reading | None:
        data = self.cleaned_data
        systolic, diastolic = data.get(top), data.get(bottom)
        if systolic is None and diastolic is None:
            return None
        if systolic is None or diastolic is None:
            missing = top if systolic is None else bottom
            if missing not in self.errors:
                self.add_error(missing, f"Enter both numbers of {what}, or leave both empty.")
            return None
        if diastolic >= systolic:
            self.add_error(
                bottom,
                f"The bottom number of {what} must be lower than the top number. "
                "Check you have not swapped them.",
            )
            return None
        return Reading(systolic, diastolic)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "systolic" in self.errors or "diastolic" in self.errors:
            return data
        data["first"] = self._pair("systolic", "diastolic", "your reading")
        data["second"] = self._pair("systolic_2", "diastolic_2", "your second reading")
        data["limit"] = self._pair("limit_systolic", "limit_diastolic", "your team's limit")
        return data

    def result(self) -> PressureResult:
        data = self.cleaned_data
        return pressure_assess(
            first=data["first"],
            second=data["second"],
            signs=data["signs"],
            pregnant=data["pregnant"],
            limit=data["limit"],
        )


# --- The symptom diary (signed-in people) -------------------------------------------


@dataclass(frozen=True)
class Posted:
    """A check rebuilt from a result page's hidden fields (symptoms, a reading, or both)."""

    medicine: Medicine | None
    check: CheckResult | None
    pressure: PressureResult | None
    pressure_form: PressureForm | None

    @property
    def empty(self) -> bool:
        return self.check is None and self.pressure is None


def posted_parse(*, data: Any, medicine: Medicine | None) -> Posted:
    """Re-check what a result page posted; anything that does not validate is left out."""
    check = pressure = pressure_form = None
    if data.getlist("symptoms"):
        form = SymptomForm(data, medicine=medicine)
        if form.is_valid():
            check = check_assess(symptom_ids=form.cleaned_data["symptoms"], medicine=medicine)
    if data.get("systolic"):
        pressure_form = PressureForm(data)
        if pressure_form.is_valid():
            pressure = pressure_form.result()
    return Posted(medicine, check, pressure, pressure_form if pressure else None)


def check_save(*, person: Person, posted: Posted) -> SymptomCheck:
    """Save a check to the person's diary, with the most urgent tier it reached."""
    if posted.empty:
        raise ValueError("nothing to save")
    reached = [r.tier for r in (posted.check, posted.pressure) if r is not None and r.tier]
    tier = max(reached, key=lambda t: t.rank).id if reached else ""
    readings = posted.pressure.readings if posted.pressure else ()
    first = readings[0] if readings else None
    second = readings[1] if len(readings) > 1 else None
    return SymptomCheck.objects.create(
        person=person,
        product=posted.medicine.slug if posted.medicine else "",
        symptoms=[s.id for s in posted.check.symptoms] if posted.check else [],
        tier=tier,
        systolic=first.systolic if first else None,
        diastolic=first.diastolic if first else None,
        systolic_2=second.systolic if second else None,
        diastolic_2=second.diastolic if second else None,
    )


@dataclass(frozen=True)
class DiaryEntry:
    check: SymptomCheck
    when: dt.datetime  # in the person's own time zone
    medicine: str
    tier: Tier | None
    labels: tuple[str, ...]
    readings: tuple[Reading, ...]


def diary_list(*, person: Person) -> list[DiaryEntry]:
    """The person's saved checks, newest first, in words and in their own time zone."""
    content = content_get()
    medicines = catalog.medicines_get()
    try:
        zone = ZoneInfo(person.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = dt.UTC
    entries = []
    for check in person.symptom_checks.all():
        readings = []
        if check.systolic and check.diastolic:
            readings.append(Reading(check.systolic, check.diastolic))
        if check.systolic_2 and check.diastolic_2:
            readings.append(Reading(check.systolic_2, check.diastolic_2))
        medicine = medicines.get(check.product)
        entries.append(
            DiaryEntry(
                check=check,
                when=check.created.astimezone(zone),
                medicine=medicine.name if medicine else "",
                tier=content.tiers.get(check.tier),
                labels=tuple(
                    content.symptoms[i].label if i in content.symptoms else i
                    for i in check.symptoms
                ),
                readings=tuple(readings),
            )
        )
    return entries
