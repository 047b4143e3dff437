"""Lessons: listing, reading at a level, switching level in place, paths and quizzes."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from education import catalog, learn
from tests.helpers import current_level, plain_words

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def section_text(slug: str, level: str) -> str:
    return plain_words(slug, level).replace("'", "&#x27;")


def test_the_lesson_list_shows_every_lesson(client: Client) -> None:
    html = client.get("/learn/").content.decode()
    for slug in catalog.lessons_get():
        assert f'href="/learn/{slug}/"' in html


def test_the_lesson_list_filters_by_audience_and_medicine(client: Client) -> None:
    html = client.get("/learn/?audience=eczema").content.decode()
    assert 'href="/learn/creams-for-eczema/"' in html
    assert 'href="/learn/voclosporin/"' not in html
    html = client.get("/learn/?medicine=voclosporin").content.decode()
    assert 'href="/learn/voclosporin/"' in html
    assert 'href="/learn/creams-for-eczema/"' not in html


def test_unknown_filters_are_ignored(client: Client) -> None:
    response = client.get("/learn/?audience=<b>x</b>&medicine=aspirin")
    assert response.status_code == 200
    assert len(re.findall(r'href="/learn/[a-z-]+/"', response.content.decode())) >= 17


@pytest.mark.parametrize("level", ["easy", "standard", "detailed"])
def test_a_lesson_shows_its_text_at_the_chosen_level(client: Client, level: str) -> None:
    html = client.get(f"/learn/voclosporin/?level={level}").content.decode()
    assert section_text("voclosporin", level) in html
    assert current_level(html) == level.title()


def test_a_lesson_shows_its_measured_grade_and_review_dates(client: Client) -> None:
    lesson = catalog.lessons_get()["tacrolimus"]
    html = client.get("/learn/tacrolimus/?level=easy").content.decode()
    assert f"measured grade {learn.lesson_grade(lesson, 'easy')}" in html
    assert "Reviewed on" in html
    assert "Next review due" in html


def test_standard_and_detailed_cite_numbered_sources(client: Client) -> None:
    html = client.get("/learn/voclosporin/?level=detailed").content.decode()
    assert re.search(r'<a href="#source-S1">\[\d+\]</a>', html)
    assert 'id="source-S1"' in html
    assert "Where this comes from" not in html


def test_easy_level_has_one_where_this_comes_from_link(client: Client) -> None:
    html = client.get("/learn/voclosporin/?level=easy").content.decode()
    assert html.count("Where this comes from") == 1
    assert not re.search(r'<a href="#source-S1">\[\d+\]</a>', html)
    assert 'id="source-S1"' in html


def test_the_htmx_level_switch_returns_only_the_lesson_body(client: Client) -> None:
    response = client.get("/learn/voclosporin/?level=easy", **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<article id="lesson-body"')
    assert "<html" not in html
    assert section_text("voclosporin", "easy") in html
    assert 'data-level="easy"' in html
    assert "Now showing the easy reading level." in html
    assert response.cookies["level"].value == "easy"
    assert "HX-Request" in response["Vary"]


def test_a_history_restore_gets_the_full_page(client: Client) -> None:
    response = client.get(
        "/learn/voclosporin/?level=easy", HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HTMX
    )
    assert "<html" in response.content.decode()


def test_the_full_page_also_varies_on_htmx(client: Client) -> None:
    response = client.get("/learn/voclosporin/")
    assert "HX-Request" in response["Vary"]


def test_level_switch_links_target_the_lesson_body(client: Client) -> None:
    html = client.get("/learn/voclosporin/").content.decode()
    assert 'hx-get="/learn/voclosporin/?level=easy" hx-target="#lesson-body"' in html
    assert 'hx-push-url="true"' in html


def test_the_remembered_level_is_used_for_the_next_lesson(client: Client) -> None:
    client.get("/learn/voclosporin/?level=detailed")
    html = client.get("/learn/tacrolimus/").content.decode()
    assert section_text("tacrolimus", "detailed") in html


def test_an_unknown_lesson_is_404(client: Client) -> None:
    assert client.get("/learn/no-such-lesson/").status_code == 404


def test_glossary_words_open_their_meaning_at_the_readers_level(client: Client) -> None:
    terms = catalog.glossary_get()
    for level in ("easy", "detailed"):
        html = client.get(f"/learn/tacrolimus/?level={level}").content.decode()
        found = re.findall(r'popovertarget="(term-[^"]+)"', html)
        assert found, "the lesson uses at least one glossary word"
        meaning = re.search(rf'id="{found[0]}" popover><strong>([^<]+)</strong>: ([^<]+)<', html)
        word = meaning.group(1)
        term = next(t for t in terms.values() if t.word == word)
        assert meaning.group(2) == term.meaning.at(level).replace("'", "&#x27;")


def test_emergency_number_tokens_use_the_visitors_number(client: Client) -> None:
    client.post("/settings/", {"emergency_number": "000", "poison_number": "13 11 26"})
    html = client.get("/learn/side-effects/?level=easy").content.decode()
    assert "{emergency}" not in html
    assert "000" in html.split("<main")[1]


def test_lesson_text_is_escaped() -> None:
    from django.template import Context, Template

    rendered = Template("{% content_text text %}").render(
        Context({"text": "<script>alert(1)</script> and [[<b>|trough-level]]"})
    )
    assert "<script>" not in rendered
    assert "&lt;script&gt;" in rendered
    assert "<b>" not in rendered


# --- Reading paths ------------------------------------------------------------------


@pytest.mark.parametrize("audience", ["lupus-nephritis", "transplant", "eczema", "caregivers"])
def test_each_home_choice_leads_to_an_ordered_path(client: Client, audience: str) -> None:
    home = client.get("/").content.decode()
    assert f'href="/learn/path/{audience}/"' in home
    html = client.get(f"/learn/path/{audience}/").content.decode()
    slugs = re.findall(r'href="/learn/([a-z-]+)/\?path=' + audience, html)
    assert slugs[: len(catalog.catalog_get().paths[audience])] == list(
        catalog.catalog_get().paths[audience]
    )


def test_a_lesson_on_a_path_links_to_the_next_lesson(client: Client) -> None:
    path = catalog.catalog_get().paths["transplant"]
    html = client.get(f"/learn/{path[0]}/?path=transplant").content.decode()
    assert f'href="/learn/{path[1]}/?path=transplant"' in html
    assert f"lesson 1 of {len(path)}" in html
    last = client.get(f"/learn/{path[-1]}/?path=transplant").content.decode()
    assert "Next lesson" not in last
    assert "Back to the list" in last


def test_an_unknown_path_is_404(client: Client) -> None:
    assert client.get("/learn/path/astronauts/").status_code == 404


def test_a_lesson_outside_the_path_shows_no_pager(client: Client) -> None:
    html = client.get("/learn/voclosporin/?path=eczema").content.decode()
    assert "Next lesson" not in html


# --- Check your understanding -------------------------------------------------------


def question_of(slug: str) -> catalog.Question:
    return catalog.lessons_get()[slug].questions[0]


def wrong_choice(question: catalog.Question) -> catalog.Choice:
    return next(choice for choice in question.choices if not choice.correct)


def test_every_lesson_has_three_to_five_questions() -> None:
    for lesson in catalog.lessons_get().values():
        assert 3 <= len(lesson.questions) <= 5, lesson.slug


def test_a_right_answer_is_confirmed_with_its_explanation(client: Client) -> None:
    question = question_of("voclosporin")
    response = client.post(
        "/learn/voclosporin/check/?level=easy",
        {"question": question.id, "answer": question.answer.id},
        **HTMX,
    )
    html = response.content.decode()
    assert html.lstrip().startswith(f'<div class="question" id="question-{question.id}"')
    assert "Right." in html
    assert question.explanation.easy.split(".")[0].replace("'", "&#x27;") in html
    assert f'href="#{question.section}"' in html


def test_a_wrong_answer_shows_the_right_one(client: Client) -> None:
    question = question_of("tacrolimus")
    response = client.post(
        "/learn/tacrolimus/check/",
        {"question": question.id, "answer": wrong_choice(question).id},
        **HTMX,
    )
    html = response.content.decode()
    assert "Not quite." in html
    assert question.answer.text.replace("'", "&#x27;") in html


def test_no_answer_asks_for_one(client: Client) -> None:
    question = question_of("tacrolimus")
    html = client.post("/learn/tacrolimus/check/", {"question": question.id}, **HTMX)
    html = html.content.decode()
    assert "Choose an answer, then press Check." in html
    assert 'aria-describedby="' in html
    assert "Right." not in html


def test_an_invented_answer_is_refused(client: Client) -> None:
    question = question_of("tacrolimus")
    response = client.post(
        "/learn/tacrolimus/check/", {"question": question.id, "answer": "<svg onload=x>"}
    )
    assert response.status_code == 200
    assert "Choose one of the answers shown." in response.content.decode()


def test_an_unknown_question_is_404(client: Client) -> None:
    response = client.post("/learn/tacrolimus/check/", {"question": "nope", "answer": "a"})
    assert response.status_code == 404


def test_without_javascript_the_answer_comes_back_in_the_full_lesson(client: Client) -> None:
    question = question_of("voclosporin")
    response = client.post(
        "/learn/voclosporin/check/", {"question": question.id, "answer": question.answer.id}
    )
    html = response.content.decode()
    assert "<html" in html
    assert "Right." in html
    assert html.count("<h1") == 1


def test_checking_an_answer_needs_post(client: Client) -> None:
    assert client.get("/learn/voclosporin/check/").status_code == 405
