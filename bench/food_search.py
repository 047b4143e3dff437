"""Server time of the food search with a 200-item guide (domain search and the whole request)."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from itertools import cycle, product
from pathlib import Path

from common import ROOT, django_setup, ok_get, report, timings_ms

ITEMS = 200
TARGET_MS = 20.0
# Typed the way people type: exact names, aliases, the start of a word, misspellings,
# other languages, markup, and things with no entry.
QUERIES = [
    "grapefruit",
    "Pomélo",
    "pomello",
    "grapefriut",
    "st john's wort",
    "beer",
    "juice",
    "gra",
    "orange",
    "salt substitute",
    "star fruit",
    "dragon fruit",
    "pineapple juice",
    "wild cherry tea",
    "meadow mint",
    "cbd oil",
    "<b>echinacea</b>",
    "hypericm",
    "chamomille",
    "pink grapefruit juice from the shop",
    "apple",
    "licorice",
    "bitter orange",
    "xyz",
]


def guide_grow(tree: Path, total: int) -> int:
    """Add made-up entries to a copy of the guide until it holds `total` items."""
    path = tree / "foods.toml"
    text = path.read_text()
    have = text.count("[[foods]]")
    first = [
        "wild",
        "meadow",
        "golden",
        "river",
        "mountain",
        "forest",
        "sea",
        "desert",
        "garden",
        "winter",
        "summer",
        "autumn",
        "spring",
        "island",
        "valley",
    ]
    second = [
        "cherry",
        "mint",
        "root",
        "berry",
        "leaf",
        "bark",
        "seed",
        "flower",
        "nut",
        "melon",
        "plum",
        "fig",
        "date",
        "pepper",
        "clove",
        "sage",
        "thyme",
    ]
    names = (f"{a} {b}" for a, b in product(first, second))
    entries = []
    for number, name in zip(range(total - have), names, strict=False):
        aliases = [f"{name} tea", f"{name} extract", f"{name} drink {number}"]
        entries.append(
            f'\n[[foods]]\nid = "bench-{number}"\nname = "{name.title()}"\n'
            f"aliases = {aliases!r}\n".replace("'", '"')
            + '\n[[foods.rulings]]\nverdict = "ask"\nproducts = ["all"]\nsources = []\n'
            'reason = "supplement"\n'
        )
    path.write_text(text + "".join(entries))
    return text.count("[[foods]]") + len(entries)


def measure(client: object, clock: Callable[[], float], label: str) -> None:
    from education import food

    queries = cycle(QUERIES)

    def search() -> object:
        return food.foods_search(query=food.query_clean(raw=next(queries)).text)

    def answer() -> object:
        return ok_get(client, f"/food/?q={next(queries)}", HTTP_HX_REQUEST="true")

    def page() -> object:
        return ok_get(client, f"/food/?q={next(queries)}")

    report(f"search, domain only ({label})", timings_ms(search, runs=2000, clock=clock), TARGET_MS)
    report(
        f"GET /food/?q=… htmx answer ({label})",
        timings_ms(answer, runs=600, clock=clock),
        TARGET_MS,
    )
    report(f"GET /food/?q=… whole page ({label})", timings_ms(page, runs=600, clock=clock))


def main() -> None:
    django_setup()
    from django.conf import settings
    from django.test import Client

    from education import food

    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "content"
        shutil.copytree(ROOT / "education" / "content", tree)
        settings.CONTENT_DIR = tree
        count = guide_grow(tree, ITEMS)
        assert len(food.guide_get().foods) == count == ITEMS
        print(
            f"guide: {count} items, {len(food.guide_get().keys)} searchable names; "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )
        client = Client()
        for clock, label in [(time.perf_counter, "wall"), (time.process_time, "CPU")]:
            measure(client, clock, label)


if __name__ == "__main__":
    main()
