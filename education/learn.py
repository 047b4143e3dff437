"""Lessons: filtering, reading paths, numbered sources and the check-your-understanding quiz."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django import forms

from education import catalog
from education.readability import grade_measure


def lessons_filter(*, audience: str = "", medicine: str = "") -> list[catalog.Lesson]:
    lessons = catalog.lessons_get().values()
    return [
        lesson
        for lesson in lessons
        if (not audience or audience in lesson.audiences)
        and (not medicine or medicine in lesson.medicines)
    ]


def lesson_get(slug: str) -> catalog.Lesson | None:
    return catalog.lessons_get().get(slug)


def sources_number(lesson: catalog.Lesson) -> dict[str, int]:
    """Source key -> its number in the lesson's source list (1-based, order of first use)."""
    return {key: index for index, key in enumerate(lesson.sources(), start=1)}


@cache
def _lesson_grade(directory: str, slug: str, level: str) -> float:
    lesson = catalog.lessons_get()[slug]
    return grade_measure("\n\n".join(section.text.at(level) for section in lesson.sections))


def lesson_grade(lesson: catalog.Lesson, level: str) -> float:
    """The measured reading grade of the lesson's body at one level."""
    return _lesson_grade(str(catalog.catalog_get().directory), lesson.slug, level)


@dataclass(frozen=True)
class PathPlace:
    audience: str
    audience_label: str
    position: int  # 1-based
    total: int
    previous: catalog.Lesson | None
    next: catalog.Lesson | None


def path_lessons(audience: str) -> list[catalog.Lesson] | None:
    paths = catalog.catalog_get().paths
    if audience not in paths:
        return None
    lessons = catalog.lessons_get()
    return [lessons[slug] for slug in paths[audience]]


def path_place(audience: str, slug: str) -> PathPlace | None:
    """Where a lesson sits in an audience's reading path, if it is on it."""
    lessons = path_lessons(audience)
    if not lessons:
        return None
    slugs = [lesson.slug for lesson in lessons]
    if slug not in slugs:
        return None
    index = slugs.index(slug)
    return PathPlace(
        audience=audience,
        audience_label=catalog.AUDIENCES[audience],
        position=index + 1,
        total=len(lessons),
        previous=lessons[index - 1] if index > 0 else None,
        next=lessons[index + 1] if index + 1 < len(lessons) else None,
    )


@dataclass(frozen=True)
class AnswerResult:
    question: catalog.Question
    chosen: catalog.Choice

    @property
    def correct(self) -> bool:
        return self.chosen.correct


class AnswerForm(forms.Form):
    """One check-your-understanding question. Answers are checked, never stored."""

    answer = forms.ChoiceField(
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose an answer, then press Check.",
            "invalid_choice": "Choose one of the answers shown.",
        },
    )

    def __init__(self, *args: object, question: catalog.Question, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.question = question
        self.auto_id = f"{question.id}-%s"
        self.fields["answer"].choices = [(c.id, c.text) for c in question.choices]

    def result(self) -> AnswerResult:
        chosen_id = self.cleaned_data["answer"]
        chosen = next(c for c in self.question.choices if c.id == chosen_id)
        return AnswerResult(self.question, chosen)


def question_get(lesson: catalog.Lesson, question_id: str) -> catalog.Question | None:
    return next((q for q in lesson.questions if q.id == question_id), None)
