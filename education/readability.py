"""Reading-grade measurement for patient text (textstat 0.7.8, Flesch-Kincaid).

textstat counts sentences by end punctuation, so each paragraph and each bullet is
measured as its own sentence (`catalog.plain_text` adds the missing full stops).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass

import textstat

from education.catalog import Leveled, plain_text

GRADE_LIMITS: dict[str, float] = {"easy": 6.0, "standard": 8.0, "detailed": 12.0}


def grade_measure(text: str) -> float:
    """Flesch-Kincaid grade of a piece of content text (markup allowed)."""
    words = plain_text(text)
    if not words:
        return 0.0
    return round(float(textstat.flesch_kincaid_grade(words)), 1)


@dataclass(frozen=True)
class GradeRow:
    where: str
    level: str
    grade: float

    @property
    def limit(self) -> float:
        return GRADE_LIMITS[self.level]

    @property
    def ok(self) -> bool:
        return self.grade <= self.limit


# Modules that hold patient text; each has `texts_iter()` yielding (where, Leveled).
TEXT_MODULES: tuple[str, ...] = (
    "education.catalog",
    "education.schedules",
    "education.food",
    "education.symptoms",
    "education.refills",
    "education.labs",
    "education.history",
)


def texts_all() -> Iterator[tuple[str, Leveled]]:
    """Every piece of patient text on the site, from every module that holds some."""
    for module_name in TEXT_MODULES:
        yield from importlib.import_module(module_name).texts_iter()


def content_grades() -> list[GradeRow]:
    rows = []
    for where, leveled in texts_all():
        for level in GRADE_LIMITS:
            rows.append(GradeRow(where, level, grade_measure(leveled.at(level))))
    return rows
