"""Reviewed content, loaded from TOML files under settings.CONTENT_DIR.

Everything clinical (lesson text, medicine rules, sources) is data in
`education/content/`. This module turns it into frozen, typed objects and fails
loudly, naming the file and field, when the data breaks a rule. Results are cached
per content directory so tests can point CONTENT_DIR at a temporary tree.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from django.conf import settings

LEVEL_NAMES: tuple[str, ...] = ("easy", "standard", "detailed")
AUDIENCES: dict[str, str] = {
    "lupus-nephritis": "Lupus nephritis",
    "transplant": "Transplant",
    "eczema": "Eczema creams",
    "caregivers": "Caregivers",
}
GRADES: dict[str, str] = {
    "label": "Medicine label",
    "government": "Government health body",
    "guideline": "Clinical guideline",
    "study": "Research study",
    "secondary": "Secondary source",
}
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Inline glossary markup inside text: [[shown words|term-id]] or [[term-id]].
TERM_RE = re.compile(r"\[\[([^\]|]+)(?:\|([^\]]+))?\]\]")


class ContentError(ValueError):
    """A content file breaks a rule; the message names the file and the field."""

    def __init__(self, path: Path | str, field: str, problem: str) -> None:
        self.path = str(path)
        self.field = field
        super().__init__(f"{path}: {field}: {problem}")


# --- Text ------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    text: str
    term: str = ""  # glossary id when this span is a glossary word


@dataclass(frozen=True)
class Block:
    kind: Literal["paragraph", "list"]
    items: tuple[tuple[Span, ...], ...]  # a paragraph has one item; a list one per bullet


@dataclass(frozen=True)
class Leveled:
    easy: str
    standard: str
    detailed: str

    def at(self, level: str) -> str:
        return getattr(self, level if level in LEVEL_NAMES else "standard")


def spans_parse(text: str) -> tuple[Span, ...]:
    spans: list[Span] = []
    position = 0
    for match in TERM_RE.finditer(text):
        if match.start() > position:
            spans.append(Span(text[position : match.start()]))
        shown, term = match.group(1), match.group(2)
        spans.append(Span(shown.strip(), (term or shown).strip()))
        position = match.end()
    if position < len(text):
        spans.append(Span(text[position:]))
    return tuple(spans)


def blocks_parse(text: str) -> tuple[Block, ...]:
    """Paragraphs are separated by blank lines; a paragraph of "- " lines is a list."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in chunk.strip().splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.startswith("- ") for line in lines):
            items = tuple(spans_parse(line[2:].strip()) for line in lines)
            blocks.append(Block("list", items))
        else:
            blocks.append(Block("paragraph", (spans_parse(" ".join(lines)),)))
    return tuple(blocks)


def plain_text(text: str) -> str:
    """The words a reader sees, without markup, one sentence-ending per paragraph or bullet."""
    sentences = []
    for block in blocks_parse(text):
        for item in block.items:
            words = "".join(span.text for span in item).strip()
            if words and words[-1] not in ".!?:":
                words += "."
            sentences.append(words)
    return " ".join(sentences)


def terms_used(text: str) -> set[str]:
    return {(match.group(2) or match.group(1)).strip() for match in TERM_RE.finditer(text)}


# --- Loading helpers --------------------------------------------------------------


def toml_read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as error:
        raise ContentError(path, "(file)", "is missing") from error
    except tomllib.TOMLDecodeError as error:
        raise ContentError(path, "(file)", f"is not valid TOML: {error}") from error


def field_get(data: dict[str, Any], key: str, path: Path, where: str, kind: type | tuple) -> Any:
    if key not in data:
        raise ContentError(path, f"{where}{key}", "is missing")
    value = data[key]
    if not isinstance(value, kind) or (isinstance(value, str) and not value.strip()):
        raise ContentError(path, f"{where}{key}", f"must be a non-empty {kind}")
    return value


def strings_get(
    data: dict[str, Any], table: str, keys: tuple[str, ...], path: Path
) -> dict[str, str]:
    """A table of named, non-empty strings (messages, labels), each key required."""
    section = field_get(data, table, path, "", dict)
    return {key: field_get(section, key, path, f"{table}.", str) for key in keys}


def whole_get(data: dict[str, Any], key: str, path: Path, where: str = "") -> int:
    """A whole number of 1 or more (days, hours, counts)."""
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ContentError(path, f"{where}{key}", "must be a whole number of 1 or more")
    return value


def leveled_parse(data: dict[str, Any], key: str, path: Path, where: str = "") -> Leveled:
    table = field_get(data, key, path, where, dict)
    texts = {}
    for level in LEVEL_NAMES:
        value = table.get(level)
        if not isinstance(value, str) or not value.strip():
            raise ContentError(path, f"{where}{key}.{level}", "is missing (every level is needed)")
        texts[level] = value.strip()
    return Leveled(**texts)


def sources_parse(
    data: dict[str, Any], path: Path, where: str, citations: dict[str, Citation]
) -> tuple[str, ...]:
    keys = field_get(data, "sources", path, where, list)
    if not keys:
        raise ContentError(path, f"{where}sources", "needs at least one source key")
    for key in keys:
        if key not in citations:
            raise ContentError(path, f"{where}sources", f"unknown source key {key!r}")
    return tuple(keys)


def slugs_check(
    values: list[Any], known: dict[str, Any] | tuple[str, ...], path: Path, field: str
) -> tuple[str, ...]:
    for value in values:
        if value not in known:
            raise ContentError(path, field, f"unknown value {value!r}")
    return tuple(values)


def date_get(data: dict[str, Any], key: str, path: Path) -> dt.date:
    if key not in data:
        raise ContentError(path, key, "is missing")
    value = data[key]
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ContentError(path, key, "must be a date such as 2026-11-20")
    return value


# --- Citations, contacts, glossary -------------------------------------------------


@dataclass(frozen=True)
class Citation:
    key: str
    title: str
    publisher: str
    date: str
    url: str
    grade: str

    @property
    def grade_label(self) -> str:
        return GRADES[self.grade]


def citations_parse(path: Path) -> dict[str, Citation]:
    data = toml_read(path)
    citations = {}
    for key, entry in data.items():
        if not isinstance(entry, dict):
            raise ContentError(path, key, "must be a table")
        grade = field_get(entry, "grade", path, f"{key}.", str)
        if grade not in GRADES:
            raise ContentError(path, f"{key}.grade", f"must be one of {', '.join(GRADES)}")
        url = field_get(entry, "url", path, f"{key}.", str)
        if not url.startswith(("https://", "http://")):
            raise ContentError(path, f"{key}.url", "must be a web address")
        citations[key] = Citation(
            key=key,
            title=field_get(entry, "title", path, f"{key}.", str),
            publisher=field_get(entry, "publisher", path, f"{key}.", str),
            date=str(field_get(entry, "date", path, f"{key}.", (str, dt.date))),
            url=url,
            grade=grade,
        )
    return citations


@dataclass(frozen=True)
class Contacts:
    emergency_default: str
    emergency_choices: tuple[tuple[str, str], ...]
    poison_default: str
    poison_label: str
    sources: tuple[str, ...]


def contacts_parse(path: Path, citations: dict[str, Citation]) -> Contacts:
    data = toml_read(path)
    choices = field_get(data, "emergency_choices", path, "", list)
    pairs = tuple(
        (field_get(c, "number", path, "emergency_choices.", str), c.get("label", ""))
        for c in choices
    )
    default = field_get(data, "emergency_default", path, "", str)
    if default not in {number for number, _ in pairs}:
        raise ContentError(path, "emergency_default", "must be one of emergency_choices")
    return Contacts(
        emergency_default=default,
        emergency_choices=pairs,
        poison_default=field_get(data, "poison_default", path, "", str),
        poison_label=field_get(data, "poison_label", path, "", str),
        sources=sources_parse(data, path, "", citations),
    )


@dataclass(frozen=True)
class Term:
    id: str
    word: str
    meaning: Leveled


def glossary_parse(path: Path) -> dict[str, Term]:
    data = toml_read(path)
    terms = {}
    for term_id, entry in data.items():
        if not SLUG_RE.match(term_id):
            raise ContentError(path, term_id, "must be a lowercase-hyphen id")
        terms[term_id] = Term(
            id=term_id,
            word=field_get(entry, "word", path, f"{term_id}.", str),
            meaning=leveled_parse(entry, "meaning", path, f"{term_id}."),
        )
    return terms


# --- Medicines --------------------------------------------------------------------


@dataclass(frozen=True)
class MissedDose:
    kind: Literal["window", "team", "none"]
    window_hours: float | None
    rule: Leveled  # the rule in words, shown in lessons, cards and Today
    take_now: str  # Today's advice while within the window
    skip: str  # Today's advice once past the window
    sources: tuple[str, ...]


@dataclass(frozen=True)
class FoodRule:
    id: str
    label: str
    reminder: str  # one line for calendar reminders and Today
    explain: Leveled
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Medicine:
    slug: str
    drug: str
    name: str  # as on the box: "Lupkynis (voclosporin)"
    brands: tuple[str, ...]
    form: str
    route: Literal["mouth", "skin"]
    audiences: tuple[str, ...]
    doses_per_day: tuple[int, ...]
    usual_spacing_hours: dict[int, float]  # doses a day -> usual hours between doses
    min_gap_hours: float | None
    morning_only: bool
    suggest_morning: bool
    suggested_times: dict[int, tuple[str, ...]]
    food_rule: FoodRule
    missed_dose: MissedDose
    level_tests: bool
    level_types: tuple[str, ...]
    swallow_whole: bool
    unit_hint: str
    summary: Leveled
    sources: tuple[str, ...]

    @property
    def asks_team_window(self) -> bool:
        return self.missed_dose.kind == "team"

    @property
    def is_topical(self) -> bool:
        return self.route == "skin"


def food_rules_parse(
    data: dict[str, Any], path: Path, citations: dict[str, Citation]
) -> dict[str, FoodRule]:
    rules = {}
    for rule_id, entry in field_get(data, "food_rules", path, "", dict).items():
        where = f"food_rules.{rule_id}."
        rules[rule_id] = FoodRule(
            id=rule_id,
            label=field_get(entry, "label", path, where, str),
            reminder=field_get(entry, "reminder", path, where, str),
            explain=leveled_parse(entry, "explain", path, where),
            sources=sources_parse(entry, path, where, citations),
        )
    return rules


def medicines_parse(path: Path, citations: dict[str, Citation]) -> dict[str, Medicine]:
    data = toml_read(path)
    food_rules = food_rules_parse(data, path, citations)
    medicines = {}
    for slug, entry in field_get(data, "medicines", path, "", dict).items():
        where = f"medicines.{slug}."
        if not SLUG_RE.match(slug):
            raise ContentError(path, f"medicines.{slug}", "must be a lowercase-hyphen slug")
        doses = tuple(field_get(entry, "doses_per_day", path, where, list))
        spacing_raw = entry.get("usual_spacing_hours", {})
        times_raw = entry.get("suggested_times", {})
        food = field_get(entry, "food_rule", path, where, str)
        if food not in food_rules:
            raise ContentError(path, f"{where}food_rule", f"unknown food rule {food!r}")
        missed = field_get(entry, "missed_dose", path, where, dict)
        kind = field_get(missed, "kind", path, f"{where}missed_dose.", str)
        if kind not in ("window", "team", "none"):
            raise ContentError(path, f"{where}missed_dose.kind", "must be window, team or none")
        window = missed.get("window_hours")
        if kind == "window" and not isinstance(window, int | float):
            raise ContentError(path, f"{where}missed_dose.window_hours", "is needed for a window")
        route = field_get(entry, "route", path, where, str)
        if route not in ("mouth", "skin"):
            raise ContentError(path, f"{where}route", "must be mouth or skin")
        medicines[slug] = Medicine(
            slug=slug,
            drug=field_get(entry, "drug", path, where, str),
            name=field_get(entry, "name", path, where, str),
            brands=tuple(entry.get("brands", ())),
            form=field_get(entry, "form", path, where, str),
            route=route,
            audiences=slugs_check(
                field_get(entry, "audiences", path, where, list),
                AUDIENCES,
                path,
                f"{where}audiences",
            ),
            doses_per_day=doses,
            usual_spacing_hours={int(k): float(v) for k, v in spacing_raw.items()},
            min_gap_hours=entry.get("min_gap_hours"),
            morning_only=bool(entry.get("morning_only", False)),
            suggest_morning=bool(entry.get("suggest_morning", False)),
            suggested_times={int(k): tuple(v) for k, v in times_raw.items()},
            food_rule=food_rules[food],
            missed_dose=MissedDose(
                kind=kind,  # type: ignore[arg-type]
                window_hours=float(window) if window is not None else None,
                rule=leveled_parse(missed, "rule", path, f"{where}missed_dose."),
                take_now=str(missed.get("take_now", "")),
                skip=str(missed.get("skip", "")),
                sources=sources_parse(missed, path, f"{where}missed_dose.", citations),
            ),
            level_tests=bool(field_get(entry, "level_tests", path, where, bool) is True),
            level_types=tuple(entry.get("level_types", ())),
            swallow_whole=bool(entry.get("swallow_whole", False)),
            unit_hint=str(entry.get("unit_hint", "")),
            summary=leveled_parse(entry, "summary", path, where),
            sources=sources_parse(entry, path, where, citations),
        )
    return medicines


# --- Lessons ----------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    id: str
    heading: Leveled
    text: Leveled
    sources: tuple[str, ...]

    def blocks(self, level: str) -> tuple[Block, ...]:
        return blocks_parse(self.text.at(level))


@dataclass(frozen=True)
class Choice:
    id: str
    text: str
    correct: bool


@dataclass(frozen=True)
class Question:
    id: str
    section: str
    prompt: Leveled
    choices: tuple[Choice, ...]
    explanation: Leveled

    @property
    def answer(self) -> Choice:
        return next(choice for choice in self.choices if choice.correct)


@dataclass(frozen=True)
class Lesson:
    slug: str
    title: Leveled
    summary: Leveled
    audiences: tuple[str, ...]
    medicines: tuple[str, ...]
    reviewed: dt.date
    next_review: dt.date
    sections: tuple[Section, ...]
    questions: tuple[Question, ...]
    order: int
    related: tuple[tuple[str, str], ...]  # (label, site path) links shown after the lesson

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def sources(self) -> tuple[str, ...]:
        """Every source key the lesson rests on, in order of first use."""
        seen: dict[str, None] = {}
        for section in self.sections:
            for key in section.sources:
                seen.setdefault(key, None)
        return tuple(seen)


def questions_parse(
    data: dict[str, Any], path: Path, section_ids: set[str]
) -> tuple[Question, ...]:
    questions = []
    for index, entry in enumerate(data.get("questions", [])):
        where = f"questions[{index}]."
        section = field_get(entry, "section", path, where, str)
        if section not in section_ids:
            raise ContentError(path, f"{where}section", f"unknown section {section!r}")
        choices = []
        for c_index, choice in enumerate(field_get(entry, "choices", path, where, list)):
            choices.append(
                Choice(
                    id=field_get(choice, "id", path, f"{where}choices[{c_index}].", str),
                    text=field_get(choice, "text", path, f"{where}choices[{c_index}].", str),
                    correct=bool(choice.get("correct", False)),
                )
            )
        if sum(choice.correct for choice in choices) != 1 or len(choices) < 2:
            raise ContentError(
                path, f"{where}choices", "needs 2 or more choices, exactly 1 correct"
            )
        questions.append(
            Question(
                id=field_get(entry, "id", path, where, str),
                section=section,
                prompt=leveled_parse(entry, "prompt", path, where),
                choices=tuple(choices),
                explanation=leveled_parse(entry, "explanation", path, where),
            )
        )
    return tuple(questions)


def sections_parse(
    data: dict[str, Any], path: Path, citations: dict[str, Citation], glossary: dict[str, Term]
) -> tuple[Section, ...]:
    sections = []
    seen_ids: set[str] = set()
    for index, entry in enumerate(field_get(data, "sections", path, "", list)):
        where = f"sections[{index}]."
        section_id = field_get(entry, "id", path, where, str)
        if section_id in seen_ids:
            raise ContentError(path, f"{where}id", f"{section_id!r} is used twice")
        seen_ids.add(section_id)
        text = leveled_parse(entry, "text", path, where)
        for level in LEVEL_NAMES:
            for term in terms_used(text.at(level)):
                if term not in glossary:
                    raise ContentError(
                        path, f"{where}text.{level}", f"unknown glossary term {term!r}"
                    )
        sections.append(
            Section(
                id=section_id,
                heading=leveled_parse(entry, "heading", path, where),
                text=text,
                sources=sources_parse(entry, path, where, citations),
            )
        )
    return tuple(sections)


def related_parse(data: dict[str, Any], path: Path) -> tuple[tuple[str, str], ...]:
    links = []
    for index, entry in enumerate(data.get("related", [])):
        where = f"related[{index}]."
        href = field_get(entry, "href", path, where, str)
        if not href.startswith("/") or href.startswith("//"):
            raise ContentError(path, f"{where}href", "must be a path on this site, such as /food/")
        links.append((field_get(entry, "label", path, where, str), href))
    return tuple(links)


def lesson_parse(
    path: Path,
    citations: dict[str, Citation],
    medicines: dict[str, Medicine],
    glossary: dict[str, Term],
    today: dt.date,
) -> Lesson:
    data = toml_read(path)
    slug = field_get(data, "slug", path, "", str)
    if slug != path.stem:
        raise ContentError(path, "slug", f"{slug!r} does not match the file name {path.stem!r}")
    reviewed = date_get(data, "reviewed", path)
    next_review = date_get(data, "next_review", path)
    if reviewed > today:
        raise ContentError(path, "reviewed", f"{reviewed} is in the future")
    if next_review < today:
        raise ContentError(path, "next_review", f"{next_review} has passed: review the lesson")
    sections = sections_parse(data, path, citations, glossary)
    seen_ids = {section.id for section in sections}
    return Lesson(
        slug=slug,
        title=leveled_parse(data, "title", path),
        summary=leveled_parse(data, "summary", path),
        audiences=slugs_check(
            field_get(data, "audiences", path, "", list), AUDIENCES, path, "audiences"
        ),
        medicines=slugs_check(data.get("medicines", []), medicines, path, "medicines"),
        reviewed=reviewed,
        next_review=next_review,
        sections=sections,
        questions=questions_parse(data, path, seen_ids),
        order=int(data.get("order", 100)),
        related=related_parse(data, path),
    )


# --- The whole catalogue ----------------------------------------------------------


@dataclass(frozen=True)
class Catalog:
    directory: Path
    citations: dict[str, Citation]
    contacts: Contacts
    glossary: dict[str, Term]
    medicines: dict[str, Medicine]
    lessons: dict[str, Lesson]
    paths: dict[str, tuple[str, ...]]  # audience -> ordered lesson slugs
    help: tuple[Section, ...]  # the "Get help now" page


def paths_parse(path: Path, lessons: dict[str, Lesson]) -> dict[str, tuple[str, ...]]:
    data = toml_read(path)
    paths = {}
    for audience in AUDIENCES:
        slugs = field_get(data, audience, path, "", list)
        paths[audience] = slugs_check(slugs, lessons, path, audience)
    return paths


@cache
def catalog_load(directory: Path, today: dt.date) -> Catalog:
    citations = citations_parse(directory / "citations.toml")
    glossary = glossary_parse(directory / "glossary.toml")
    medicines = medicines_parse(directory / "medicines.toml", citations)
    lessons = {}
    for lesson_path in sorted((directory / "lessons").glob("*.toml")):
        lesson = lesson_parse(lesson_path, citations, medicines, glossary, today)
        lessons[lesson.slug] = lesson
    lessons = dict(sorted(lessons.items(), key=lambda item: (item[1].order, item[0])))
    return Catalog(
        directory=directory,
        citations=citations,
        contacts=contacts_parse(directory / "contacts.toml", citations),
        glossary=glossary,
        medicines=medicines,
        lessons=lessons,
        paths=paths_parse(directory / "paths.toml", lessons),
        help=sections_parse(
            toml_read(directory / "help.toml"), directory / "help.toml", citations, glossary
        ),
    )


def catalog_get() -> Catalog:
    return catalog_load(Path(settings.CONTENT_DIR), dt.date.today())


def medicines_get() -> dict[str, Medicine]:
    return catalog_get().medicines


def lessons_get() -> dict[str, Lesson]:
    return catalog_get().lessons


def citations_get() -> dict[str, Citation]:
    return catalog_get().citations


def glossary_get() -> dict[str, Term]:
    return catalog_get().glossary


def contacts_get() -> Contacts:
    return catalog_get().contacts


def texts_iter() -> Iterator[tuple[str, Leveled]]:
    """Every piece of patient text in the catalogue, for readability checks."""
    catalog = catalog_get()
    for slug, lesson in catalog.lessons.items():
        yield f"lesson {slug} § summary", lesson.summary
        for section in lesson.sections:
            yield f"lesson {slug} § {section.id}", section.text
        for question in lesson.questions:
            yield f"lesson {slug} § question {question.id}", question.prompt
            yield f"lesson {slug} § answer {question.id}", question.explanation
    for section in catalog.help:
        yield f"help § {section.id}", section.text
    for term in catalog.glossary.values():
        yield f"glossary {term.id}", term.meaning
    for medicine in catalog.medicines.values():
        yield f"medicine {medicine.slug} summary", medicine.summary
        yield f"medicine {medicine.slug} missed dose", medicine.missed_dose.rule
    for rule in _food_rules(catalog):
        yield f"food rule {rule.id}", rule.explain


def _food_rules(catalog: Catalog) -> list[FoodRule]:
    return list({m.food_rule.id: m.food_rule for m in catalog.medicines.values()}.values())
