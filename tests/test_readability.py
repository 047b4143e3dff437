"""Every piece of patient text is within its reading-grade limit, at every level."""

from __future__ import annotations

import re

import pytest

from education import catalog
from education.readability import GRADE_LIMITS, content_grades, grade_measure, texts_all

ROWS = content_grades()


@pytest.mark.parametrize("row", ROWS, ids=[f"{row.where} [{row.level}]" for row in ROWS])
def test_text_is_within_its_grade_limit(row) -> None:
    assert row.grade <= GRADE_LIMITS[row.level], f"{row.where} [{row.level}] is grade {row.grade}"


def test_every_lesson_section_is_measured_at_every_level() -> None:
    measured = {(row.where, row.level) for row in ROWS}
    for slug, lesson in catalog.lessons_get().items():
        for section in lesson.sections:
            for level in GRADE_LIMITS:
                assert (f"lesson {slug} § {section.id}", level) in measured


def test_bullets_count_as_separate_sentences() -> None:
    bullets = "- Take it twice a day\n- Keep the doses apart\n- Swallow it whole\n- Do not chew it"
    run_on = "Take it twice a day keep the doses apart swallow it whole do not chew it."
    assert grade_measure(bullets) < grade_measure(run_on)


def test_harder_text_measures_a_higher_grade() -> None:
    easy = "Take your pill. Drink some water."
    hard = (
        "Calcineurin inhibitors necessitate meticulous pharmacokinetic monitoring "
        "because interindividual variability substantially influences systemic exposure."
    )
    assert grade_measure(easy) < 3 < 12 < grade_measure(hard)


def test_nothing_from_the_known_seed_errors_reaches_patient_text() -> None:
    banned = [
        "stored in fat",
        "exactly 12 hours after",
        "category c",
        "category x",
        "not excreted in breast milk",
        "contraindicated in pregnan",
        "0.6–1.0 ng",
        "34.6",
        "mg/kg",
        "taking up space on receptors",
        "attaches itself to cyclosporin",
        "space grapefruit",
    ]
    sentences = []
    for _where, leveled in texts_all():
        for level in GRADE_LIMITS:
            sentences += re.split(r"(?<=[.?!])\s+", catalog.plain_text(leveled.at(level)).lower())
    for phrase in banned:
        # A myth may only appear posed as a question, which the next sentence answers.
        stated = [s for s in sentences if phrase in s and not s.rstrip().endswith("?")]
        assert stated == [], f"{phrase!r} is stated in patient text"
