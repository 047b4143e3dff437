"""Print the reading grade of every piece of patient text, per level."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from education.readability import content_grades


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = "Print Flesch-Kincaid grades of all patient text; fail if any is over its limit."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--all", action="store_true", help="List every piece, not only lessons."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        rows = content_grades()
        lessons: dict[str, dict[str, list[float]]] = {}
        failures = [row for row in rows if not row.ok]
        for row in rows:
            if row.where.startswith("lesson ") or options["all"]:
                name = row.where.split(" § ")[0]
                lessons.setdefault(name, {}).setdefault(row.level, []).append(row.grade)
        self.stdout.write(f"{'text':<48} {'easy (max)':>11} {'standard':>9} {'detailed':>9}")
        for name, levels in lessons.items():
            cells = [f"{max(levels.get(level, [0.0])):>9.1f}" for level in ("easy", "standard")]
            cells.append(f"{max(levels.get('detailed', [0.0])):>9.1f}")
            self.stdout.write(f"{name:<48} {cells[0]:>11} {cells[1]} {cells[2]}")
        self.stdout.write(
            f"{len(rows)} pieces of text measured; limits easy 6, standard 8, detailed 12."
        )
        if failures:
            for row in failures:
                self.stderr.write(
                    f"OVER: {row.where} [{row.level}] grade {row.grade} > {row.limit}"
                )
            raise CommandError(f"{len(failures)} pieces of text are over their grade limit")
