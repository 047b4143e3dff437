"""The content loader refuses broken content loudly, naming the file and the field."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from education import catalog


def load(tree: Path) -> catalog.Catalog:
    return catalog.catalog_load(tree, dt.date.today())


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count))


def test_the_real_content_loads() -> None:
    content = catalog.catalog_get()
    assert len(content.lessons) >= 17
    assert set(content.medicines) == {
        "tacrolimus-ir",
        "envarsus-xr",
        "astagraf-xl",
        "cyclosporine-modified",
        "cyclosporine-nonmodified",
        "voclosporin",
        "tacrolimus-ointment",
        "pimecrolimus-cream",
    }


def test_a_missing_level_is_refused(content_tree: Path) -> None:
    lesson = content_tree / "lessons" / "voclosporin.toml"
    text = lesson.read_text()
    text = re.sub(r'(\[sections\.text\]\n)easy = """.*?"""\n', r"\1", text, count=1, flags=re.S)
    lesson.write_text(text)
    with pytest.raises(catalog.ContentError) as error:
        load(content_tree)
    assert "voclosporin.toml" in str(error.value)
    assert "text.easy" in str(error.value)


def test_an_unknown_source_key_is_refused(content_tree: Path) -> None:
    edit(content_tree / "lessons" / "tacrolimus.toml", 'sources = ["', 'sources = ["S999", "')
    with pytest.raises(catalog.ContentError, match=r"tacrolimus\.toml: sections\[0\]\.sources"):
        load(content_tree)


def test_a_slug_that_does_not_match_the_file_name_is_refused(content_tree: Path) -> None:
    edit(content_tree / "lessons" / "cyclosporine.toml", 'slug = "cyclosporine"', 'slug = "ciclo"')
    with pytest.raises(catalog.ContentError, match=r"cyclosporine\.toml: slug"):
        load(content_tree)


def test_a_missing_review_date_is_refused(content_tree: Path) -> None:
    lesson = content_tree / "lessons" / "side-effects.toml"
    lesson.write_text(re.sub(r"^reviewed = .*\n", "", lesson.read_text(), flags=re.M))
    with pytest.raises(catalog.ContentError, match=r"side-effects\.toml: reviewed: is missing"):
        load(content_tree)


def test_a_review_date_in_the_future_is_refused(content_tree: Path) -> None:
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    lesson = content_tree / "lessons" / "side-effects.toml"
    lesson.write_text(
        re.sub(r"^reviewed = .*$", f"reviewed = {tomorrow}", lesson.read_text(), flags=re.M)
    )
    with pytest.raises(catalog.ContentError, match=r"reviewed: .* is in the future"):
        load(content_tree)


def test_a_next_review_date_in_the_past_is_refused(content_tree: Path) -> None:
    lesson = content_tree / "lessons" / "what-are-cnis.toml"
    lesson.write_text(
        re.sub(r"^next_review = .*$", "next_review = 2020-01-01", lesson.read_text(), flags=re.M)
    )
    with pytest.raises(catalog.ContentError, match="next_review: 2020-01-01 has passed"):
        load(content_tree)


def test_an_unknown_glossary_word_is_refused(content_tree: Path) -> None:
    lesson = content_tree / "lessons" / "tacrolimus.toml"
    text = lesson.read_text()
    text = text.replace('easy = """\n', 'easy = """\nA [[mystery word|not-a-term]].\n\n', 1)
    lesson.write_text(text)
    with pytest.raises(catalog.ContentError, match="unknown glossary term 'not-a-term'"):
        load(content_tree)


def test_an_unknown_medicine_in_a_lesson_is_refused(content_tree: Path) -> None:
    edit(
        content_tree / "lessons" / "voclosporin.toml", 'medicines = ["', 'medicines = ["aspirin", "'
    )
    with pytest.raises(catalog.ContentError, match="medicines: unknown value 'aspirin'"):
        load(content_tree)


def test_a_question_needs_exactly_one_right_answer(content_tree: Path) -> None:
    lesson = content_tree / "lessons" / "voclosporin.toml"
    lesson.write_text(lesson.read_text().replace("correct = true", "correct = false", 1))
    with pytest.raises(catalog.ContentError, match="exactly 1 correct"):
        load(content_tree)


def test_a_medicine_with_an_unknown_food_rule_is_refused(content_tree: Path) -> None:
    edit(content_tree / "medicines.toml", 'food_rule = "empty-stomach"', 'food_rule = "with-cake"')
    with pytest.raises(catalog.ContentError, match=r"medicines\.toml: medicines\..*food_rule"):
        load(content_tree)


def test_a_window_rule_without_hours_is_refused(content_tree: Path) -> None:
    edit(content_tree / "medicines.toml", "window_hours = 4\n", "")
    with pytest.raises(catalog.ContentError, match=r"voclosporin\.missed_dose\.window_hours"):
        load(content_tree)


def test_a_citation_with_an_unknown_grade_is_refused(content_tree: Path) -> None:
    edit(content_tree / "citations.toml", 'grade = "label"', 'grade = "blog"')
    with pytest.raises(catalog.ContentError, match=r"citations\.toml: S1\.grade"):
        load(content_tree)


def test_a_reading_path_with_an_unknown_lesson_is_refused(content_tree: Path) -> None:
    path = content_tree / "paths.toml"
    path.write_text(path.read_text().replace("eczema = [", 'eczema = ["no-such-lesson", ', 1))
    with pytest.raises(catalog.ContentError, match=r"paths\.toml: eczema"):
        load(content_tree)


def test_invalid_toml_names_the_file(content_tree: Path) -> None:
    (content_tree / "lessons" / "tacrolimus.toml").write_text("slug = ")
    with pytest.raises(
        catalog.ContentError, match=r"tacrolimus\.toml: \(file\): is not valid TOML"
    ):
        load(content_tree)


def test_the_loader_is_cached_per_content_directory(content_tree: Path) -> None:
    first = load(content_tree)
    assert load(content_tree) is first
    assert catalog.catalog_get() is first  # settings.CONTENT_DIR points at the tree


def test_text_is_split_into_paragraphs_lists_and_glossary_words() -> None:
    blocks = catalog.blocks_parse("One [[trough level|trough-level]] here.\n\n- First.\n- Second.")
    assert [block.kind for block in blocks] == ["paragraph", "list"]
    spans = blocks[0].items[0]
    assert spans[1] == catalog.Span("trough level", "trough-level")
    assert len(blocks[1].items) == 2


def test_plain_text_ends_every_bullet_as_a_sentence() -> None:
    assert catalog.plain_text("Intro\n\n- one\n- two.") == "Intro. one. two."


def test_every_medicine_rule_rests_on_known_sources() -> None:
    citations = catalog.citations_get()
    for medicine in catalog.medicines_get().values():
        for key in medicine.sources + medicine.missed_dose.sources + medicine.food_rule.sources:
            assert key in citations
