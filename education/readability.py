"""Reading-grade measurement for patient text (textstat 0.7.8, Flesch-Kincaid).

textstat counts sentences by end punctuation, so each paragraph and each bullet is
measured as its own sentence (`catalog.plain_text` adds the missing full stops).
"""

from __future__ import annotations

from dataclasses import dataclass

import textstat

from education.catalog import plain_text

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
    "education.symptoms",
)


def content_grades() -> list[GradeRow]:
    import importlib

    rows = []
    for module_name in TEXT_MODULES:
        module = importlib.import_module(module_name)
        for where, leveled in module.texts_iter():
            for level in GRADE_LIMITS:
                rows.append(GradeRow(where, level, grade_measure(leveled.at(level))))
    return rows
