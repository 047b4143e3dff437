"""Food and drink guide: content rules, forgiving search, verdicts per product, pages, bad input."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.test import Client

from education import catalog, food
from tests.test_catalog import edit

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
SYSTEMIC = [
    "tacrolimus-ir",
    "envarsus-xr",
    "astagraf-xl",
    "cyclosporine-modified",
    "cyclosporine-nonmodified",
    "voclosporin",
]
TOPICAL = ["tacrolimus-ointment", "pimecrolimus-cream"]


def load(tree: Path) -> food.FoodGuide:
    return food.guide_load(tree, dt.date.today())


def verdict(food_id: str, product: str) -> str:
    return food.guide_get().foods[food_id].ruling_for(product).verdict.id


def found_ids(query: str, product: str = "") -> list[str]:
    return [answer.food.id for answer in food.foods_search(query=query, product=product).answers]


# --- Content --------------------------------------------------------------------------


def test_the_guide_has_the_items_the_issue_names_and_more() -> None:
    guide = food.guide_get()
    assert 25 <= len(guide.foods) <= 40
    for query in [
        "grapefruit",
        "grapefruit juice",
        "pomelo",
        "pummelo",
        "shaddock",
        "Seville orange",
        "bitter orange",
        "marmalade",
        "tangelo",
        "St John's wort",
        "hypericum",
        "alcohol",
        "beer",
        "wine",
        "spirits",
        "CBD",
        "cannabidiol",
        "echinacea",
        "salt substitute",
        "potassium chloride",
        "potassium supplements",
        "orange juice",
        "apple juice",
        "herbal teas",
        "star fruit",
        "carambola",
    ]:
        assert food.foods_search(query=query).kind == "exact", query


def test_every_entry_gives_every_product_exactly_one_verdict() -> None:
    products = set(catalog.medicines_get())
    for entry in food.guide_get().foods.values():
        covered = [p for ruling in entry.rulings for p in ruling.products]
        assert sorted(covered) == sorted(products), entry.id


def test_grapefruit_and_its_relatives_are_avoid_for_every_swallowed_medicine() -> None:
    for food_id in [
        "grapefruit",
        "grapefruit-juice",
        "grapefruit-drinks",
        "seville-orange",
        "marmalade",
        "pomelo",
        "tangelo",
    ]:
        for product in SYSTEMIC:
            assert verdict(food_id, product) == "avoid", (food_id, product)


def test_st_johns_wort_is_avoid_for_every_swallowed_medicine() -> None:
    assert {verdict("st-johns-wort", product) for product in SYSTEMIC} == {"avoid"}


def test_alcohol_is_avoid_only_with_the_once_daily_tacrolimus_products() -> None:
    assert verdict("alcohol", "envarsus-xr") == "avoid"
    assert verdict("alcohol", "astagraf-xl") == "avoid"
    for product in ["tacrolimus-ir", "cyclosporine-modified", "voclosporin", *TOPICAL]:
        assert verdict("alcohol", product) == "ask", product


@pytest.mark.parametrize(
    "food_id",
    [
        "echinacea",
        "cbd",
        "cannabis",
        "salt-substitute",
        "potassium-supplements",
        "herbal-tea",
        "star-fruit",
        "supplements",
        "immune-boosters",
        "bitter-orange-supplement",
    ],
)
def test_supplements_potassium_and_weaker_evidence_items_are_ask_for_every_product(
    food_id: str,
) -> None:
    assert {verdict(food_id, product) for product in catalog.medicines_get()} == {"ask"}


def test_only_sweet_orange_and_the_two_juices_are_no_known_problem_for_every_product() -> None:
    everywhere = [
        entry.id
        for entry in food.guide_get().foods.values()
        if {ruling.verdict.id for ruling in entry.rulings} == {"none"}
    ]
    assert sorted(everywhere) == ["apple-juice", "orange-juice", "sweet-orange"]


def test_creams_never_get_a_more_reassuring_verdict_than_ask_for_a_swallowed_avoid() -> None:
    for entry in food.guide_get().foods.values():
        if any(entry.ruling_for(p).verdict.id == "avoid" for p in SYSTEMIC) and entry.id != "meals":
            for product in TOPICAL:
                assert entry.ruling_for(product).verdict.id == "ask", (entry.id, product)


def test_every_product_gets_each_verdict_type_somewhere() -> None:
    for product in catalog.medicines_get():
        sheet = food.sheet_build(product=product)
        counts = {verdict.id: len(answers) for verdict, answers in sheet.groups}
        assert counts["ask"] > 0 and counts["none"] > 0, product
        if product in SYSTEMIC:
            assert counts["avoid"] > 0, product


def test_avoid_and_no_known_problem_always_cite_a_source() -> None:
    for entry in food.guide_get().foods.values():
        for ruling in entry.rulings:
            if ruling.verdict.id != "ask":
                assert ruling.sources, entry.id


def test_meal_rule_follows_the_product() -> None:
    assert verdict("meals", "voclosporin") == "avoid"
    assert verdict("meals", "envarsus-xr") == "avoid"
    assert verdict("meals", "tacrolimus-ir") == "ask"
    assert verdict("meals", "pimecrolimus-cream") == "none"


def test_an_unknown_product_in_the_guide_is_refused(content_tree: Path) -> None:
    edit(
        content_tree / "foods.toml",
        'products = ["envarsus-xr", "astagraf-xl"]',
        'products = ["envarsus-xr", "astagraf-xl", "aspirin"]',
    )
    with pytest.raises(
        catalog.ContentError, match=r"foods\.toml: foods\[\d+\]\.rulings\[0\]\.products"
    ):
        load(content_tree)


def test_a_product_left_without_a_verdict_is_refused(content_tree: Path) -> None:
    edit(
        content_tree / "foods.toml",
        'products = ["envarsus-xr", "astagraf-xl"]',
        'products = ["envarsus-xr"]',
    )
    with pytest.raises(catalog.ContentError, match="'astagraf-xl' has no verdict"):
        load(content_tree)


def test_an_unknown_source_in_the_guide_is_refused(content_tree: Path) -> None:
    edit(content_tree / "foods.toml", 'sources = ["S24", "S37"]', 'sources = ["S24", "S999"]')
    with pytest.raises(catalog.ContentError, match="unknown source key 'S999'"):
        load(content_tree)


def test_an_avoid_without_a_source_is_refused(content_tree: Path) -> None:
    edit(content_tree / "foods.toml", 'sources = ["S5", "S6", "S7", "S14"]', "sources = []")
    with pytest.raises(catalog.ContentError, match="needs a source"):
        load(content_tree)


def test_a_missing_reading_level_in_the_guide_is_refused(content_tree: Path) -> None:
    path = content_tree / "foods.toml"
    text = path.read_text()
    text = re.sub(r'(\[foods\.rulings\.reason\]\n)easy = ".*?"\n', r"\1", text, count=1)
    path.write_text(text)
    with pytest.raises(catalog.ContentError, match=r"foods\[0\]\.rulings\[0\]\.reason\.easy"):
        load(content_tree)


def test_an_alias_used_by_two_entries_is_refused(content_tree: Path) -> None:
    edit(content_tree / "foods.toml", '"pummelo", "pumelo"', '"pummelo", "grapefruit juice"')
    with pytest.raises(catalog.ContentError, match="'grapefruit juice' duplicates"):
        load(content_tree)


def test_an_alias_that_differs_only_in_case_and_plural_is_a_duplicate(content_tree: Path) -> None:
    edit(content_tree / "foods.toml", '"pummelo", "pumelo"', '"pummelo", "POMELOS"')
    with pytest.raises(catalog.ContentError, match="'POMELOS' duplicates"):
        load(content_tree)


def test_the_guide_is_loaded_once_and_cached() -> None:
    assert food.guide_get() is food.guide_get()


# --- Search ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "food_id"),
    [
        ("GRAPEFRUIT", "grapefruit"),
        ("grapefruits", "grapefruit"),
        ("Pomélo", "pomelo"),
        ("pummelos", "pomelo"),
        ("St. John’s Wort", "st-johns-wort"),
        ("st-johns-wort", "st-johns-wort"),
        ("  seville   oranges ", "seville-orange"),
        ("Minneola", "tangelo"),
        ("licorice", "liquorice"),
        ("toronja", "grapefruit"),
        ("millepertuis", "st-johns-wort"),
        ("cerveza", "alcohol"),
    ],
)
def test_search_folds_case_accents_punctuation_plurals_and_other_languages(
    query: str, food_id: str
) -> None:
    result = food.foods_search(query=query)
    assert result.kind == "exact"
    assert result.answers[0].food.id == food_id


@pytest.mark.parametrize(
    ("query", "food_id"),
    [
        ("grapefriut", "grapefruit"),
        ("pomello", "pomelo"),
        ("echinaccea", "echinacea"),
        ("hypericm", "st-johns-wort"),
        ("carambolla", "star-fruit"),
    ],
)
def test_small_misspellings_still_find_the_item(query: str, food_id: str) -> None:
    result = food.foods_search(query=query)
    assert result.kind == "close"
    assert result.found
    assert result.answers[0].food.id == food_id


def test_the_start_of_a_name_finds_it_while_typing() -> None:
    result = food.foods_search(query="grapef")
    assert result.kind == "match"
    assert found_ids("grapef")[:3] == ["grapefruit", "grapefruit-drinks", "grapefruit-juice"]


def test_an_exact_match_comes_first_then_related_names() -> None:
    ids = found_ids("orange")
    assert ids[0] == "sweet-orange"
    assert {"seville-orange", "marmalade", "orange-juice"} <= set(ids)


def test_a_longer_name_is_not_mistaken_for_a_shorter_entry() -> None:
    assert found_ids("pineapple juice") == []
    assert food.foods_search(query="pineapple juice").kind == "none"


def test_an_entry_inside_a_longer_query_is_related_not_found() -> None:
    result = food.foods_search(query="pink grapefruit juice from the shop")
    assert result.kind == "related"
    assert not result.found
    assert set(found_ids("pink grapefruit juice from the shop")) == {
        "grapefruit",
        "grapefruit-juice",
    }


def test_an_unknown_item_finds_nothing() -> None:
    result = food.foods_search(query="dragon fruit")
    assert result.kind == "none"
    assert result.answers == ()


def test_with_a_product_the_verdict_is_that_products() -> None:
    answer = food.foods_search(query="beer", product="voclosporin").answers[0]
    assert answer.ruling.verdict.id == "ask"
    assert answer.others == ()
    answer = food.foods_search(query="beer", product="astagraf-xl").answers[0]
    assert answer.ruling.verdict.id == "avoid"


def test_without_a_product_the_strictest_verdict_comes_first_with_its_products() -> None:
    answer = food.foods_search(query="beer").answers[0]
    assert answer.ruling.verdict.id == "avoid"
    assert answer.ruling.products == ("envarsus-xr", "astagraf-xl")
    assert {other.verdict.id for other in answer.others} == {"ask"}


def test_products_are_described_in_few_words() -> None:
    medicines = catalog.medicines_get()
    assert food.products_describe(tuple(medicines)) == "every medicine on this site"
    mouth = tuple(slug for slug, m in medicines.items() if m.route == "mouth")
    assert food.products_describe(mouth) == "every medicine you swallow"
    assert food.products_describe(tuple(TOPICAL)) == "creams and ointments"
    assert food.products_describe(("envarsus-xr", "astagraf-xl")) == (
        "Envarsus XR (tacrolimus) and Astagraf XL (tacrolimus)"
    )


# --- Cleaning what was typed ------------------------------------------------------------


def test_an_empty_query_asks_for_a_name() -> None:
    assert food.query_clean(raw="   ").problem == food.PROBLEM_EMPTY


def test_a_long_query_is_trimmed_to_100_characters_with_a_note() -> None:
    clean = food.query_clean(raw="grapefruit " * 30)
    assert len(clean.text) <= 100
    assert clean.notes == (food.NOTE_LONG,)
    assert clean.problem == ""


def test_markup_is_removed_with_a_note() -> None:
    clean = food.query_clean(raw="<b>grapefruit</b>")
    assert clean.text == "grapefruit"
    assert clean.notes == (food.NOTE_MARKUP,)


def test_emoji_are_left_out_with_a_note() -> None:
    clean = food.query_clean(raw="🍊 pomelo 👍🏽")
    assert clean.text == "pomelo"
    assert clean.notes == (food.NOTE_SYMBOLS,)


def test_only_emoji_is_a_problem() -> None:
    assert food.query_clean(raw="🍊🍺").problem == food.PROBLEM_NO_LETTERS


def test_control_characters_are_removed_with_a_note() -> None:
    clean = food.query_clean(raw="grape\x00fruit\x1b")
    assert clean.text == "grapefruit"
    assert clean.notes == (food.NOTE_CONTROL,)


def test_one_letter_is_too_short() -> None:
    assert food.query_clean(raw="g").problem == food.PROBLEM_SHORT


# --- Pages ------------------------------------------------------------------------------


def test_the_food_page_has_a_search_form_that_works_without_javascript(client: Client) -> None:
    html = client.get("/food/").content.decode()
    assert '<form id="food-form" class="food-form" method="get" action="/food/"' in html
    assert 'name="q"' in html
    assert 'type="submit"' in html
    assert 'hx-get="/food/"' in html
    assert "delay:300ms" in html


def test_submitting_the_form_shows_the_verdict_and_reason(client: Client) -> None:
    html = client.get("/food/", {"q": "pomelo", "level": "easy"}).content.decode()
    assert "<html" in html
    assert "AVOID" in html
    assert "The FDA says this fruit may act like grapefruit." in html
    assert "for every medicine you swallow" in html


def test_the_reason_follows_the_reading_level(client: Client) -> None:
    reason = food.guide_get().foods["grapefruit"].strictest.reason
    for level in ["easy", "standard", "detailed"]:
        html = client.get("/food/", {"q": "grapefruit", "level": level}).content.decode()
        first = catalog.plain_text(reason.at(level)).split(". ")[0]
        assert first.replace("'", "&#x27;") in html, level


def test_the_htmx_request_returns_only_the_results(client: Client) -> None:
    response = client.get("/food/", {"q": "grapefriut"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "Grapefruit" in html
    assert "closest match" in html
    assert 'id="food-status"' in html and 'hx-swap-oob="true"' in html
    assert response["Vary"] and "HX-Request" in response["Vary"]


def test_a_history_restore_gets_the_full_page(client: Client) -> None:
    html = client.get(
        "/food/", {"q": "grapefruit"}, **HTMX, HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    ).content.decode()
    assert "<html" in html


def test_an_unknown_item_is_never_reassured(client: Client) -> None:
    html = client.get("/food/", {"q": "dragon fruit", "level": "standard"}).content.decode()
    assert (
        "We have no information about <strong>“dragon fruit”</strong> — ask your pharmacist "
        "before having it regularly."
    ) in html
    assert "NO KNOWN PROBLEM" not in html


def test_markup_in_the_query_is_escaped_never_run(client: Client) -> None:
    response = client.get("/food/", {"q": '<img src=x onerror="alert(1)">dragon'})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<img src=x" not in html
    assert "We ignored the code" in html
    html = client.get("/food/", {"q": "dragon & <i>fruit"}).content.decode()
    assert "<i>fruit" not in html


def test_a_product_chosen_on_the_page_is_remembered(client: Client) -> None:
    response = client.get("/food/", {"q": "wine", "product": "envarsus-xr"})
    html = response.content.decode()
    assert "with Envarsus XR (tacrolimus)" in html
    assert "prefs" in response.cookies
    html = client.get("/food/", {"q": "wine"}).content.decode()
    assert "with Envarsus XR (tacrolimus)" in html
    assert '<option value="envarsus-xr" selected>' in html
    html = client.get("/food/").content.decode()
    assert '<option value="envarsus-xr" selected>' in html
    assert 'href="/food/envarsus-xr/"' in html


def test_choosing_no_product_forgets_the_product(client: Client) -> None:
    client.get("/food/", {"q": "wine", "product": "envarsus-xr"})
    html = client.get("/food/", {"q": "wine", "product": ""}).content.decode()
    assert "for Envarsus XR (tacrolimus) and Astagraf XL (tacrolimus)" in html
    assert "Choose your medicine for the answer that fits you." in html


def test_an_unknown_product_is_a_clear_error(client: Client) -> None:
    response = client.get("/food/", {"q": "wine", "product": "aspirin"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose your medicine from the list." in html
    assert "<title>Error:" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", food.PROBLEM_EMPTY),
        ("   ", food.PROBLEM_EMPTY),
        ("🍺🍊", food.PROBLEM_NO_LETTERS),
        ("\x00\x07", food.PROBLEM_NO_LETTERS),
        ("g", food.PROBLEM_SHORT),
    ],
)
def test_bad_input_gets_a_clear_message_on_the_form(
    client: Client, query: str, message: str
) -> None:
    response = client.get("/food/", {"q": query})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Can I eat or drink this?" in html
    assert 'id="error-summary"' in html
    assert message.replace("'", "&#x27;") in html
    assert 'href="#id_q"' in html


def test_a_very_long_query_is_trimmed_with_a_note(client: Client) -> None:
    html = client.get("/food/", {"q": "grapefruit " + "x" * 500}).content.decode()
    assert "longer than 100 characters" in html
    shown = re.search(r"no information about <strong>“(grapefruit x+)”</strong>", html).group(1)
    assert len(shown) == 100


def test_emoji_and_control_characters_give_a_note_not_an_error(client: Client) -> None:
    html = client.get("/food/", {"q": "🍊pomelo\x00"}).content.decode()
    assert "We left out emoji and symbols" in html
    assert "We removed hidden control characters" in html
    assert "AVOID" in html
    assert "Error:" not in html


def test_clearing_the_box_while_typing_is_not_an_error(client: Client) -> None:
    html = client.get("/food/", {"q": ""}, **HTMX).content.decode()
    assert "field-error" not in html


def test_emoji_only_while_typing_shows_the_message_in_the_results(client: Client) -> None:
    html = client.get("/food/", {"q": "🍊"}, **HTMX).content.decode()
    assert food.PROBLEM_NO_LETTERS in html


def test_the_product_page_shows_meal_timing_and_avoid_and_ask_lists(client: Client) -> None:
    html = client.get("/food/voclosporin/?level=easy").content.decode()
    assert "<h1>Food and drink with Lupkynis (voclosporin)</h1>" in html
    assert catalog.medicines_get()["voclosporin"].food_rule.reminder in html
    assert 'class="verdict"' not in html, "the group heading already gives the verdict"
    avoid = html.index('id="group-avoid"')
    ask = html.index('id="group-ask"')
    assert avoid < html.index(">Grapefruit<") < ask
    assert ask < html.index(">Echinacea<")
    assert "data-print" in html


def test_the_once_daily_product_page_puts_alcohol_on_the_avoid_list(client: Client) -> None:
    html = client.get("/food/envarsus-xr/").content.decode()
    assert html.index('id="group-avoid"') < html.index(">Alcohol (beer, wine, spirits)<")
    assert html.index(">Alcohol (beer, wine, spirits)<") < html.index('id="group-ask"')


def test_the_twice_daily_tacrolimus_page_says_the_same_way_every_day(client: Client) -> None:
    html = client.get("/food/tacrolimus-ir/").content.decode()
    assert "Meal timing" in html
    assert catalog.medicines_get()["tacrolimus-ir"].food_rule.reminder in html


def test_a_cream_page_shows_no_empty_avoid_group(client: Client) -> None:
    html = client.get("/food/pimecrolimus-cream/").content.decode()
    assert 'id="group-avoid"' not in html
    assert 'id="group-ask"' in html
    assert "This warning is about medicines you swallow." in html


def test_an_unknown_product_page_is_404(client: Client) -> None:
    assert client.get("/food/aspirin/").status_code == 404


def test_the_home_page_and_the_lesson_link_to_the_checker(client: Client) -> None:
    assert 'href="/food/"' in client.get("/").content.decode()
    assert 'href="/food/"' in client.get("/learn/food-drink-and-herbs/").content.decode()


def test_the_food_page_is_no_longer_a_coming_soon_page(client: Client) -> None:
    html = client.get("/food/").content.decode()
    assert "Soon you can" not in html
