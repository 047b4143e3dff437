"""Small helpers shared by tests."""

from __future__ import annotations

import re

from education import catalog


def current_level(html: str) -> str:
    """The label of the reading-level link marked as current."""
    match = re.search(r'<a [^>]*aria-current="true"[^>]*>(\w+)<', html)
    assert match, "no level is marked as current"
    return match.group(1)


def plain_words(slug: str, level: str) -> str:
    """A run of words from a lesson's first section that carries no markup."""
    lesson = catalog.lessons_get()[slug]
    for block in lesson.sections[0].blocks(level):
        for item in block.items:
            for span in item:
                words = span.text.strip()
                if not span.term and len(words) >= 15 and "{" not in words:
                    return words[:30].rsplit(" ", 1)[0]
    raise AssertionError(f"no plain words in {slug}")
