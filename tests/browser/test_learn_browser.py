"""Reading a lesson on a phone: level switching in place, glossary, quiz, read aloud."""

from __future__ import annotations

import pytest

from education import catalog
from tests.axe import axe_violations
from tests.helpers import plain_words

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_switching_level_updates_the_lesson_in_place(live_server, phone) -> None:
    phone.goto(live_server.url + "/learn/voclosporin/?level=standard")
    phone.evaluate("window.__samePage = true")
    easy_link = phone.locator(".level-switch a[data-level=easy]")
    easy_link.focus()
    easy_link.press("Enter")
    phone.locator("#lesson-body[data-level=easy]").wait_for()
    assert plain_words("voclosporin", "easy") in phone.locator("#lesson-body").inner_text()
    assert phone.evaluate("window.__samePage") is True, "the page did not reload"
    assert phone.url.endswith("/learn/voclosporin/?level=easy")
    assert easy_link.get_attribute("aria-current") == "true"
    standard = phone.locator(".level-switch a[data-level=standard]")
    assert standard.get_attribute("aria-current") is None
    assert phone.locator("#level-status").inner_text() == "Now showing the easy reading level."
    assert phone.evaluate("document.activeElement.dataset.level") == "easy"
    assert axe_violations(phone) == []


def test_the_level_is_remembered_on_the_next_page(live_server, phone) -> None:
    phone.goto(live_server.url + "/learn/voclosporin/")
    phone.locator(".level-switch a[data-level=detailed]").click()
    phone.locator("#lesson-body[data-level=detailed]").wait_for()
    phone.goto(live_server.url + "/learn/tacrolimus/")
    assert plain_words("tacrolimus", "detailed") in phone.locator("#lesson-body").inner_text()


@pytest.mark.parametrize("level", ["easy", "standard", "detailed"])
@pytest.mark.parametrize("slug", sorted(catalog.lessons_get()))
def test_every_lesson_is_accessible_at_every_level(live_server, phone, slug, level) -> None:
    phone.goto(f"{live_server.url}/learn/{slug}/?level={level}")
    assert axe_violations(phone) == []


def test_a_glossary_word_opens_its_meaning_without_leaving_the_page(live_server, phone) -> None:
    phone.goto(live_server.url + "/learn/tacrolimus/?level=easy")
    word = phone.locator("button.term").first
    meaning = phone.locator(f"#{word.get_attribute('popovertarget')}")
    assert not meaning.is_visible()
    word.click()
    assert meaning.is_visible()
    assert phone.url.endswith("/learn/tacrolimus/?level=easy")
    assert axe_violations(phone) == []


def test_a_quiz_answer_is_checked_in_place(live_server, phone) -> None:
    lesson = catalog.lessons_get()["voclosporin"]
    question = lesson.questions[0]
    phone.goto(live_server.url + "/learn/voclosporin/?level=easy")
    phone.evaluate("window.__samePage = true")
    block = phone.locator(f"#question-{question.id}")
    block.get_by_role("button", name="Check").click()
    error = phone.locator(f"#question-{question.id} .field-error")
    error.wait_for()
    assert "Choose an answer" in error.inner_text()
    block.get_by_label(question.answer.text).check()
    block.get_by_role("button", name="Check").click()
    phone.locator(f"#question-{question.id} .answer-right").wait_for()
    assert phone.evaluate("window.__samePage") is True
    assert axe_violations(phone) == []


FAKE_SPEECH = """
window.__spoken = [];
const fake = {
  paused: false,
  speak(u) { window.__spoken.push(u.text); },
  cancel() { window.__cancelled = true; },
  pause() { this.paused = true; },
  resume() { this.paused = false; },
};
Object.defineProperty(window, "speechSynthesis", { value: fake, configurable: true });
"""


def test_read_aloud_reads_the_lesson_at_the_current_level(live_server, phone) -> None:
    phone.add_init_script(FAKE_SPEECH)
    phone.goto(live_server.url + "/learn/voclosporin/?level=easy")
    read = phone.get_by_role("button", name="Read aloud")
    assert read.is_visible()
    read.click()
    spoken = phone.evaluate("window.__spoken[0]")
    assert plain_words("voclosporin", "easy") in spoken
    assert "Sources" not in spoken
    assert phone.get_by_role("button", name="Pause").is_visible()
    phone.get_by_role("button", name="Stop").click()
    assert phone.evaluate("window.__cancelled") is True
    assert not phone.get_by_role("button", name="Stop").is_visible()


def test_read_aloud_is_hidden_without_speech_synthesis(live_server, phone) -> None:
    phone.add_init_script(
        "Object.defineProperty(window, 'speechSynthesis', {value: undefined});"
        "Object.defineProperty(window, 'SpeechSynthesisUtterance', {value: undefined});"
    )
    phone.goto(live_server.url + "/learn/voclosporin/")
    assert phone.locator("[data-read-aloud]").is_hidden()
    assert phone.get_by_role("button", name="Read aloud").count() == 0
