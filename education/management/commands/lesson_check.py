"""Validate lesson files against the catalogue and print each piece's reading grade."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from education import catalog
from education.readability import GRADE_LIMITS, grade_measure


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = "Check one or more lesson TOML files: structure, sources, glossary and grades."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("paths", nargs="+", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(settings.CONTENT_DIR)
        citations = catalog.citations_parse(directory / "citations.toml")
        glossary = catalog.glossary_parse(directory / "glossary.toml")
        medicines = catalog.medicines_parse(directory / "medicines.toml", citations)
        over = 0
        for path in options["paths"]:
            lesson = catalog.lesson_parse(path, citations, medicines, glossary, dt.date.today())
            pieces: list[tuple[str, catalog.Leveled]] = [("summary", lesson.summary)]
            pieces += [(f"§ {s.id}", s.text) for s in lesson.sections]
            for question in lesson.questions:
                pieces += [(f"question {question.id}", question.prompt)]
                pieces += [(f"answer {question.id}", question.explanation)]
            self.stdout.write(
                f"{lesson.slug}: {len(lesson.sections)} sections, {len(lesson.questions)} questions"
            )
            for name, text in pieces:
                grades = {level: grade_measure(text.at(level)) for level in GRADE_LIMITS}
                flags = [level for level, grade in grades.items() if grade > GRADE_LIMITS[level]]
                over += len(flags)
                marks = "  OVER: " + ", ".join(flags) if flags else ""
                self.stdout.write(
                    f"  {name:<32} easy {grades['easy']:>5} standard {grades['standard']:>5} "
                    f"detailed {grades['detailed']:>5}{marks}"
                )
        if over:
            raise CommandError(f"{over} texts are over their grade limit")
