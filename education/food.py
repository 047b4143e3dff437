"""The food and drink guide: verdicts per product, forgiving search, one-page product sheets.

The entries live in `content/foods.toml`. Each entry gives every product in the medicine
catalogue exactly one verdict (avoid, ask, or no known problem) with a reason at three
reading levels. Search folds case, accents, punctuation and simple plurals, then tries
exact names and aliases, then names that start with what was typed, then small
misspellings (difflib). Anything without an entry gets the "no information" answer,
never a reassurance.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.html import strip_tags

from education import catalog
from education.catalog import ContentError, Leveled

VERDICTS: tuple[str, ...] = ("avoid", "ask", "none")  # strictest first
PRODUCT_GROUPS: tuple[str, ...] = ("all", "by-mouth", "on-skin")
MAX_QUERY = 100  # characters of a query that are searched; the rest is trimmed with a note
MIN_QUERY = 2  # folded characters needed before a search runs
RESULTS_LIMIT = 8
# A misspelling must be this similar (difflib ratio) and differ in length by at most
# FUZZY_LENGTH characters, so "pineapple juice" never turns into "apple juice".
FUZZY_CUTOFF = 0.8
FUZZY_LENGTH = 2


# --- Content ------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    id: str
    label: str
    icon: str
    meaning: Leveled

    @property
    def rank(self) -> int:
        return VERDICTS.index(self.id)


@dataclass(frozen=True)
class Ruling:
    verdict: Verdict
    products: tuple[str, ...]  # product slugs, groups already expanded
    reason: Leveled
    sources: tuple[str, ...]  # empty only for an "ask" that rests on missing evidence
    citations: tuple[catalog.Citation, ...]  # the same sources, ready to show
    products_text: str  # the products in the fewest words, e.g. "every medicine you swallow"


@dataclass(frozen=True)
class Food:
    id: str
    name: str
    aliases: tuple[str, ...]
    rulings: tuple[Ruling, ...]  # strictest first

    def ruling_for(self, product: str) -> Ruling:
        return next(ruling for ruling in self.rulings if product in ruling.products)

    @property
    def strictest(self) -> Ruling:
        return self.rulings[0]


@dataclass(frozen=True)
class FoodGuide:
    foods: dict[str, Food]
    verdicts: dict[str, Verdict]
    unknown: Leveled  # "{query}" marks where the typed words go
    reasons: dict[str, Leveled]  # reasons shared by many rulings
    reviewed: dt.date
    next_review: dt.date
    keys: dict[str, str]  # folded name or alias -> food id
    padded: tuple[tuple[str, str], ...]  # (" " + key, food id), shortest key first
    by_length: dict[int, tuple[str, ...]]  # key length -> keys, for misspellings


def _word_singular(word: str) -> str:
    """A simple plural fold. It only has to treat the query and the aliases alike."""
    if len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes", "zes", "oes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def text_fold(text: str) -> str:
    """Fold text for matching: no accents, case, apostrophes, punctuation or plural -s."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    bare = re.sub(r"['’‘`´]", "", bare)
    words = "".join(ch if ch.isalnum() else " " for ch in bare).split()
    return " ".join(_word_singular(word) for word in words)


def _products_expand(
    values: list[Any], medicines: dict[str, catalog.Medicine], path: Path, field: str
) -> tuple[str, ...]:
    if not values:
        raise ContentError(path, field, "needs at least one product or group")
    products: list[str] = []
    for value in values:
        if value == "all":
            products += list(medicines)
        elif value == "by-mouth":
            products += [slug for slug, m in medicines.items() if m.route == "mouth"]
        elif value == "on-skin":
            products += [slug for slug, m in medicines.items() if m.route == "skin"]
        elif value in medicines:
            products.append(value)
        else:
            raise ContentError(path, field, f"unknown product {value!r}")
    if len(set(products)) != len(products):
        raise ContentError(path, field, "names a product twice")
    return tuple(products)


def _terms_check(text: Leveled, glossary: dict[str, catalog.Term], path: Path, field: str) -> None:
    for level in catalog.LEVEL_NAMES:
        for term in catalog.terms_used(text.at(level)):
            if term not in glossary:
                raise ContentError(path, f"{field}.{level}", f"unknown glossary term {term!r}")


def _ruling_parse(
    entry: dict[str, Any],
    where: str,
    path: Path,
    content: catalog.Catalog,
    verdicts: dict[str, Verdict],
    reasons: dict[str, Leveled],
) -> Ruling:
    verdict_id = catalog.field_get(entry, "verdict", path, where, str)
    if verdict_id not in verdicts:
        raise ContentError(path, f"{where}verdict", f"must be one of {', '.join(VERDICTS)}")
    products = _products_expand(
        catalog.field_get(entry, "products", path, where, list),
        content.medicines,
        path,
        f"{where}products",
    )
    if isinstance(entry.get("reason"), str):
        if entry["reason"] not in reasons:
            raise ContentError(path, f"{where}reason", f"unknown shared reason {entry['reason']!r}")
        reason = reasons[entry["reason"]]
    else:
        reason = catalog.leveled_parse(entry, "reason", path, where)
        _terms_check(reason, content.glossary, path, f"{where}reason")
    sources = entry.get("sources")
    if not isinstance(sources, list):
        raise ContentError(path, f"{where}sources", "is missing (use [] only for an open question)")
    for key in sources:
        if key not in content.citations:
            raise ContentError(path, f"{where}sources", f"unknown source key {key!r}")
    if not sources and verdict_id != "ask":
        raise ContentError(
            path, f"{where}sources", "an avoid or no-known-problem verdict needs a source"
        )
    return Ruling(
        verdict=verdicts[verdict_id],
        products=products,
        reason=reason,
        sources=tuple(sources),
        citations=tuple(content.citations[key] for key in sources),
        products_text=products_describe(products, content.medicines),
    )


def _food_parse(
    entry: dict[str, Any],
    where: str,
    path: Path,
    content: catalog.Catalog,
    verdicts: dict[str, Verdict],
    reasons: dict[str, Leveled],
) -> Food:
    food_id = catalog.field_get(entry, "id", path, where, str)
    if not catalog.SLUG_RE.match(food_id):
        raise ContentError(path, f"{where}id", "must be a lowercase-hyphen id")
    rulings = [
        _ruling_parse(ruling, f"{where}rulings[{index}].", path, content, verdicts, reasons)
        for index, ruling in enumerate(catalog.field_get(entry, "rulings", path, where, list))
    ]
    covered = [product for ruling in rulings for product in ruling.products]
    for product in content.medicines:
        if covered.count(product) != 1:
            problem = "has no verdict" if product not in covered else "has more than one verdict"
            raise ContentError(path, f"{where}rulings", f"product {product!r} {problem}")
    aliases = entry.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise ContentError(path, f"{where}aliases", "must be a list of names")
    return Food(
        id=food_id,
        name=catalog.field_get(entry, "name", path, where, str),
        aliases=tuple(aliases),
        rulings=tuple(sorted(rulings, key=lambda ruling: ruling.verdict.rank)),
    )


def guide_parse(path: Path, content: catalog.Catalog, today: dt.date) -> FoodGuide:
    data = catalog.toml_read(path)
    reviewed = catalog.date_get(data, "reviewed", path)
    next_review = catalog.date_get(data, "next_review", path)
    if reviewed > today:
        raise ContentError(path, "reviewed", f"{reviewed} is in the future")
    if next_review < today:
        raise ContentError(path, "next_review", f"{next_review} has passed: review the guide")
    verdict_data = catalog.field_get(data, "verdicts", path, "", dict)
    verdicts = {}
    for verdict_id in VERDICTS:
        entry = catalog.field_get(verdict_data, verdict_id, path, "verdicts.", dict)
        where = f"verdicts.{verdict_id}."
        verdicts[verdict_id] = Verdict(
            id=verdict_id,
            label=catalog.field_get(entry, "label", path, where, str),
            icon=catalog.field_get(entry, "icon", path, where, str),
            meaning=catalog.leveled_parse(entry, "meaning", path, where),
        )
    unknown = catalog.leveled_parse(data, "unknown", path)
    for level in catalog.LEVEL_NAMES:
        if unknown.at(level).count("{query}") != 1:
            raise ContentError(path, f"unknown.{level}", "must contain {query} once")
    reasons = {}
    for reason_id in catalog.field_get(data, "reasons", path, "", dict):
        reasons[reason_id] = catalog.leveled_parse(data["reasons"], reason_id, path, "reasons.")
        _terms_check(reasons[reason_id], content.glossary, path, f"reasons.{reason_id}")
    foods: dict[str, Food] = {}
    keys: dict[str, str] = {}
    for index, entry in enumerate(catalog.field_get(data, "foods", path, "", list)):
        where = f"foods[{index}]."
        food = _food_parse(entry, where, path, content, verdicts, reasons)
        if food.id in foods:
            raise ContentError(path, f"{where}id", f"{food.id!r} is used twice")
        foods[food.id] = food
        for name in (food.name, *food.aliases):
            key = text_fold(name)
            if len(key) < MIN_QUERY:
                raise ContentError(path, f"{where}aliases", f"{name!r} is too short to search")
            if key in keys:
                owner = foods[keys[key]].name
                raise ContentError(
                    path, f"{where}aliases", f"{name!r} duplicates a name of {owner!r}"
                )
            keys[key] = food.id
    return FoodGuide(
        foods=foods,
        verdicts=verdicts,
        unknown=unknown,
        reasons=reasons,
        reviewed=reviewed,
        next_review=next_review,
        keys=keys,
        padded=tuple((f" {key}", keys[key]) for key in sorted(keys, key=lambda k: (len(k), k))),
        by_length={
            length: tuple(key for key in keys if len(key) == length)
            for length in {len(key) for key in keys}
        },
    )


@cache
def guide_load(directory: Path, today: dt.date) -> FoodGuide:
    return guide_parse(directory / "foods.toml", catalog.catalog_load(directory, today), today)


def guide_get() -> FoodGuide:
    return guide_load(Path(settings.CONTENT_DIR), dt.date.today())


def texts_iter() -> Iterator[tuple[str, Leveled]]:
    """Every piece of patient text in the food guide, for readability checks."""
    guide = guide_get()
    for verdict in guide.verdicts.values():
        yield f"food verdict {verdict.id}", verdict.meaning
    unknown = guide.unknown
    yield (
        "food unknown answer",
        Leveled(*(unknown.at(level).replace("{query}", "it") for level in catalog.LEVEL_NAMES)),
    )
    for reason_id, reason in guide.reasons.items():
        yield f"food reason {reason_id}", reason
    shared = {id(reason) for reason in guide.reasons.values()}
    for food in guide.foods.values():
        for number, ruling in enumerate(food.rulings, start=1):
            if id(ruling.reason) not in shared:
                yield f"food {food.id} ruling {number} ({ruling.verdict.id})", ruling.reason


# --- Reading what was typed ---------------------------------------------------------

NOTE_CONTROL = "We removed hidden control characters from what you typed."
NOTE_MARKUP = "We ignored the code (text inside < and >) in what you typed."
NOTE_SYMBOLS = "We left out emoji and symbols from what you typed."
NOTE_LONG = (
    f"What you typed was longer than {MAX_QUERY} characters, "
    f"so we searched only the first {MAX_QUERY}."
)
PROBLEM_EMPTY = "Type the name of a food, drink, herb or supplement, like grapefruit."
PROBLEM_NO_LETTERS = "Type the name of a food, drink or herb using letters, like grapefruit."
PROBLEM_SHORT = f"Type at least {MIN_QUERY} letters of the food, drink or herb."


@dataclass(frozen=True)
class CleanQuery:
    text: str  # what is searched and shown back (still to be escaped when shown)
    notes: tuple[str, ...]  # what was changed, in words
    problem: str  # why there is nothing to search, or ""


def query_clean(*, raw: str) -> CleanQuery:
    """Make a typed query safe and searchable, saying what was changed and why."""
    notes: list[str] = []
    # Look at a bounded slice: what is past it would be trimmed anyway.
    text = raw[: MAX_QUERY * 10]
    text = re.sub(r"[\t\n\r\v\f]+", " ", text)
    kept: list[str] = []
    control = symbols = False
    for ch in text:
        category = unicodedata.category(ch)
        # Emoji come with joiners and variation selectors; those count as part of them.
        if category in {"So", "Sk"} or ch == "\u200d" or "\ufe00" <= ch <= "\ufe0f":
            symbols = True
        elif category.startswith("C"):
            control = True
        else:
            kept.append(ch)
    text = "".join(kept)
    if control:
        notes.append(NOTE_CONTROL)
    if re.search(r"<[^>]*>", text):
        text = strip_tags(text)
        notes.append(NOTE_MARKUP)
    if "<" in text or ">" in text:
        text = text.replace("<", " ").replace(">", " ")
        if NOTE_MARKUP not in notes:
            notes.append(NOTE_MARKUP)
    if symbols:
        notes.append(NOTE_SYMBOLS)
    text = unicodedata.normalize("NFC", text)
    text = " ".join(text.split())
    if len(text) > MAX_QUERY:
        text = text[:MAX_QUERY].rstrip()
        notes.append(NOTE_LONG)
    problem = ""
    if not text:
        problem = PROBLEM_NO_LETTERS if raw.strip() else PROBLEM_EMPTY
    elif not text_fold(text):
        problem = PROBLEM_NO_LETTERS
    elif len(text_fold(text).replace(" ", "")) < MIN_QUERY:
        problem = PROBLEM_SHORT
    return CleanQuery(text=text, notes=tuple(notes), problem=problem)


# --- Search -------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """One entry as this reader sees it."""

    food: Food
    ruling: Ruling  # for the reader's product, or the strictest when none is chosen
    others: tuple[Ruling, ...]  # the remaining verdicts when no product is chosen


@dataclass(frozen=True)
class SearchResult:
    query: str
    # exact: an entry has this name; match: names start with it; close: a small
    # misspelling of a name; related: names found inside a longer query; none: nothing.
    kind: Literal["exact", "match", "close", "related", "none"]
    answers: tuple[Answer, ...]

    @property
    def found(self) -> bool:
        return self.kind in {"exact", "match", "close"}


def answer_make(food: Food, product: str) -> Answer:
    if product:
        return Answer(food, food.ruling_for(product), ())
    return Answer(food, food.strictest, food.rulings[1:])


def foods_search(*, query: str, product: str = "") -> SearchResult:
    """Entries for a cleaned query, the best first, each with its verdict for `product`."""
    guide = guide_get()
    folded = text_fold(query)
    ids: list[str] = []
    kind: Literal["exact", "match", "close", "related", "none"] = "none"
    if folded in guide.keys:
        kind = "exact"
        ids.append(guide.keys[folded])
    # Names with a word that starts with the query: at the start of the name first.
    needle = f" {folded}"
    starts = [
        (position, len(padded), food_id)
        for padded, food_id in guide.padded
        if (position := padded.find(needle)) >= 0
    ]
    if starts:
        kind = "exact" if ids else "match"
        ids += [food_id for _, _, food_id in sorted(starts)]
    if not ids:
        length = len(folded)
        candidates = [
            key
            for size in range(length - FUZZY_LENGTH, length + FUZZY_LENGTH + 1)
            for key in guide.by_length.get(size, ())
        ]
        close = difflib.get_close_matches(folded, candidates, n=5, cutoff=FUZZY_CUTOFF)
        if close:
            kind = "close"
            ids += [guide.keys[key] for key in close]
    if not ids:
        # Whole names inside a longer query ("pink grapefruit juice"), longest first.
        words = folded.split()
        runs = [
            " ".join(words[start : start + size])
            for size in range(len(words) - 1, 0, -1)
            for start in range(len(words) - size + 1)
        ]
        inside = [guide.keys[run] for run in runs if run in guide.keys]
        if inside:
            kind = "related"
            ids += inside
    unique = list(dict.fromkeys(ids))[:RESULTS_LIMIT]
    answers = tuple(answer_make(guide.foods[food_id], product) for food_id in unique)
    return SearchResult(query=query, kind=kind, answers=answers)


def products_describe(
    products: tuple[str, ...], medicines: dict[str, catalog.Medicine] | None = None
) -> str:
    """The products a verdict applies to, in the fewest words."""
    medicines = catalog.medicines_get() if medicines is None else medicines
    chosen = set(products)
    if chosen == set(medicines):
        return "every medicine on this site"
    by_mouth = {slug for slug, medicine in medicines.items() if medicine.route == "mouth"}
    if chosen == by_mouth:
        return "every medicine you swallow"
    if chosen == set(medicines) - by_mouth:
        return "creams and ointments"
    names = [medicines[slug].name for slug in products]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# --- One product on one page ---------------------------------------------------------


@dataclass(frozen=True)
class ProductSheet:
    medicine: catalog.Medicine
    groups: tuple[tuple[Verdict, tuple[Answer, ...]], ...]  # strictest verdict first


def sheet_build(*, product: str) -> ProductSheet | None:
    """Everything in the guide for one product, grouped by verdict."""
    medicine = catalog.medicines_get().get(product)
    if medicine is None:
        return None
    guide = guide_get()
    answers = [answer_make(food, product) for food in guide.foods.values()]
    groups = tuple(
        (verdict, tuple(a for a in answers if a.ruling.verdict.id == verdict.id))
        for verdict in sorted(guide.verdicts.values(), key=lambda v: v.rank)
    )
    return ProductSheet(medicine=medicine, groups=groups)


# --- The search form ------------------------------------------------------------------


class FoodSearchForm(forms.Form):
    """The food search: what to look up, and the reader's medicine."""

    q = forms.CharField(
        label="Food, drink, herb or supplement",
        required=False,
        strip=False,
        help_text="For example grapefruit, alcohol or St John's wort.",
    )
    product = forms.ChoiceField(
        label="Your medicine",
        required=False,
        help_text="This makes each answer fit your medicine. We remember it on this device.",
        error_messages={"invalid_choice": "Choose your medicine from the list."},
    )

    def __init__(self, *args: Any, blank_ok: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.blank_ok = blank_ok  # while typing, an emptied box is not a mistake
        self.notes: tuple[str, ...] = ()
        # Control characters are removed with a note, not refused (see query_clean).
        self.fields["q"].validators = []
        self.fields["product"].choices = [
            ("", "Not chosen: strictest answer"),
            *((slug, m.name) for slug, m in catalog.medicines_get().items()),
        ]
        url = reverse("food")
        live = {
            "hx-get": url,
            "hx-target": "#food-results",
            "hx-include": "closest form",
            "hx-replace-url": "true",
            "hx-sync": "closest form:replace",
        }
        self.fields["q"].widget.attrs.update(
            {
                "type": "search",
                "autocomplete": "off",
                "autocapitalize": "none",
                "spellcheck": "false",
                "enterkeyhint": "search",
                "hx-trigger": "input changed delay:300ms, search",
                **live,
            }
        )
        self.fields["product"].widget.attrs.update({"hx-trigger": "change", **live})

    def clean_q(self) -> str:
        clean = query_clean(raw=self.cleaned_data.get("q") or "")
        self.notes = clean.notes
        if clean.problem and not (self.blank_ok and clean.problem == PROBLEM_EMPTY):
            raise forms.ValidationError(clean.problem)
        return clean.text if not clean.problem else ""
