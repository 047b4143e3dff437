"""Lesson links: educators make packs of lessons; patients open them by code."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from education import catalog, educators
from education.models import EducatorProfile, LessonPack, PackItem
from tests.helpers import current_level, plain_words

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
AMBIGUOUS = set("0O1lIiL")


def section_words(slug: str, level: str) -> str:
    return plain_words(slug, level).replace("'", "&#x27;")


@pytest.fixture
def educator():
    user = get_user_model().objects.create_user("nurse", password="x" * 12)
    EducatorProfile.objects.create(user=user, display_name="Nurse Sam Lee", clinic_name="Riverside")
    return user


@pytest.fixture
def other():
    user = get_user_model().objects.create_user("other", password="x" * 12)
    EducatorProfile.objects.create(user=user, display_name="Someone Else")
    return user


@pytest.fixture
def signed_in(client: Client, educator) -> Client:
    client.force_login(educator)
    return client


@pytest.fixture
def pack(educator) -> LessonPack:
    return educators.pack_create(
        owner=educator,
        level="easy",
        audience="lupus-nephritis",
        note="Read these before your next visit.",
        items=["voclosporin", "taking-your-medicine#missed-dose", "side-effects"],
    )


def save_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "action": "save",
        "items": ["voclosporin", "side-effects#emergency"],
        "level": "easy",
        "audience": "lupus-nephritis",
        "note": "See you on Tuesday.",
    }
    data.update(overrides)
    return data


# --- Codes --------------------------------------------------------------------------


def test_codes_are_ten_characters_from_an_alphabet_without_lookalikes() -> None:
    codes = [educators.code_new() for _ in range(500)]
    for code in codes:
        assert len(code) >= 10
        assert set(code) <= set(educators.CODE_ALPHABET)
        assert not set(code) & AMBIGUOUS
    assert len(set(codes)) == len(codes)


def test_codes_use_the_whole_alphabet_at_random() -> None:
    seen = set("".join(educators.code_new() for _ in range(300)))
    assert seen == set(educators.CODE_ALPHABET)


def test_a_code_is_found_whatever_case_it_is_typed_in(pack) -> None:
    assert educators.pack_find(code=pack.code.lower()) == pack
    assert educators.pack_find(code=f" {pack.code[:5].lower()}-{pack.code[5:]} ") == pack
    assert educators.pack_find(code="ABCDEFGHJK") is None
    assert educators.pack_find(code="not a code at all") is None


def test_the_public_link_works_in_lower_case(client: Client, pack) -> None:
    response = client.get(f"/l/{pack.code.lower()}/")
    assert response.status_code == 200
    assert "Read these before your next visit." in response.content.decode()


def test_lesson_links_are_kept_out_of_search_engines(client: Client) -> None:
    assert "Disallow: /l/" in client.get("/robots.txt").content.decode().splitlines()


def test_a_typed_code_opens_its_lessons(client: Client, pack) -> None:
    response = client.get("/l/", {"code": pack.code.lower()})
    assert response.status_code == 302
    assert response["Location"] == f"/l/{pack.code}/"


def test_a_mistyped_code_is_explained_on_the_form(client: Client) -> None:
    response = client.get("/l/", {"code": "NOPE"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert "We cannot find a lesson link with that code" in html


# --- Items ---------------------------------------------------------------------------


def test_list_edits_add_move_and_remove_items() -> None:
    items, problem = educators.items_change(items=[], action="add", add="voclosporin")
    assert (items, problem) == (["voclosporin"], "")
    items, _ = educators.items_change(items=items, action="add", add="side-effects#emergency")
    items, _ = educators.items_change(items=items, action="up-2")
    assert items == ["side-effects#emergency", "voclosporin"]
    items, _ = educators.items_change(items=items, action="down-1")
    assert items == ["voclosporin", "side-effects#emergency"]
    items, _ = educators.items_change(items=items, action="remove-1")
    assert items == ["side-effects#emergency"]
    assert educators.items_change(items=items, action="remove-9") == (items, "")


def test_adding_nothing_a_duplicate_or_an_unknown_lesson_is_explained() -> None:
    assert "Choose a lesson" in educators.items_change(items=[], action="add", add="")[1]
    assert (
        "already in the list"
        in (educators.items_change(items=["voclosporin"], action="add", add="voclosporin")[1])
    )
    assert "Choose a lesson" in educators.items_change(items=[], action="add", add="aspirin")[1]


def test_a_pack_holds_at_most_the_handout_limit() -> None:
    slugs = list(catalog.lessons_get())[: educators.MAX_ITEMS]
    items, problem = educators.items_change(items=slugs, action="add", add=slugs[-1] + "#x")
    assert len(items) == educators.MAX_ITEMS
    assert problem
    extra = list(catalog.lessons_get())[educators.MAX_ITEMS]
    assert "up to 12" in educators.items_change(items=slugs, action="add", add=extra)[1]


def test_items_are_checked_against_the_catalogue() -> None:
    assert educators.items_check(items=["voclosporin", "side-effects#emergency"]) == []
    assert educators.items_check(items=[]) != []
    assert "not a lesson" in educators.items_check(items=["voclosporin#no-such-section"])[0]
    assert "twice" in educators.items_check(items=["voclosporin", "voclosporin"])[0]
    whole_and_part = ["voclosporin", "voclosporin#missed-dose"]
    assert "already part" in educators.items_check(items=whole_and_part)[0]


def test_an_empty_pack_is_refused_and_nothing_is_saved(educator) -> None:
    with pytest.raises(ValueError, match="cannot be empty"):
        educators.pack_create(
            owner=educator, level="easy", audience="transplant", note="", items=[]
        )
    assert LessonPack.objects.count() == 0


def test_an_unknown_section_is_refused_at_save_time(educator) -> None:
    with pytest.raises(ValueError, match="not a lesson"):
        educators.pack_create(
            owner=educator, level="easy", audience="transplant", note="", items=["tacrolimus#nope"]
        )
    assert LessonPack.objects.count() == 0
    assert PackItem.objects.count() == 0


def test_items_keep_the_order_they_were_chosen_in(pack) -> None:
    assert educators.pack_values(pack) == [
        "voclosporin",
        "taking-your-medicine#missed-dose",
        "side-effects",
    ]


def test_a_lesson_that_leaves_the_site_is_skipped_not_broken(client: Client, pack) -> None:
    PackItem.objects.filter(pack=pack, position=1).update(lesson="retired-lesson")
    entries = educators.pack_entries(pack=pack)
    assert [e.value for e in entries] == ["taking-your-medicine#missed-dose", "side-effects"]
    assert educators.pack_missing(pack=pack) == ["retired-lesson"]
    html = client.get(f"/l/{pack.code}/").content.decode()
    assert "these 2 lessons" in html
    assert client.get(f"/l/{pack.code}/2/").status_code == 200
    assert client.get(f"/l/{pack.code}/3/").status_code == 302


def test_a_pack_whose_lessons_all_left_says_so(client: Client, pack) -> None:
    PackItem.objects.filter(pack=pack).update(lesson="retired-lesson")
    response = client.get(f"/l/{pack.code}/")
    assert response.status_code == 200
    assert "no longer on this site" in response.content.decode()


def test_the_edit_page_names_items_that_left_the_site(signed_in: Client, pack) -> None:
    PackItem.objects.filter(pack=pack, position=1).update(lesson="retired-lesson")
    html = signed_in.get(f"/lessons/{pack.pk}/edit/").content.decode()
    assert "No longer on the site (retired-lesson)" in html
    assert 'value="retired-lesson"' not in html


# --- Profile and the educator's pages ----------------------------------------------------


def test_the_start_page_is_public_and_leads_to_an_account(client: Client) -> None:
    html = client.get("/lessons/start/").content.decode()
    assert "Lesson links for patients" in html
    assert 'href="/accounts/signup/?next=/lessons/profile/"' in html
    assert 'href="/accounts/login/?next=/lessons/"' in html


def test_the_home_page_sends_educators_to_the_start_page(client: Client) -> None:
    assert 'href="/lessons/start/">I teach patients</a>' in client.get("/").content.decode()


@pytest.mark.parametrize("path", ["/lessons/", "/lessons/new/", "/lessons/profile/"])
def test_signed_out_educator_pages_ask_for_sign_in(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={path}"


def test_a_signed_in_account_without_a_profile_is_asked_to_turn_it_on(client: Client) -> None:
    user = get_user_model().objects.create_user("new", password="x" * 12)
    client.force_login(user)
    assert 'href="/lessons/profile/"' in client.get("/lessons/start/").content.decode()
    for path in ("/lessons/", "/lessons/new/"):
        html = client.get(path).content.decode()
        assert "<h1>I teach patients</h1>" in html
        assert 'action="/lessons/profile/"' in html
    response = client.post("/lessons/new/", save_data())
    assert response["Location"] == "/lessons/"
    assert LessonPack.objects.count() == 0


def test_an_educator_sees_a_link_to_their_packs_on_the_start_page(signed_in: Client) -> None:
    html = signed_in.get("/lessons/start/").content.decode()
    assert 'href="/lessons/">Go to your lesson links' in html


def test_turning_on_i_teach_patients_saves_the_profile(client: Client) -> None:
    user = get_user_model().objects.create_user("new", password="x" * 12)
    client.force_login(user)
    response = client.post("/lessons/profile/", {"display_name": "  ", "clinic_name": ""})
    html = response.content.decode()
    assert "<title>Error: " in html
    assert "Enter your name as patients will see it." in html
    assert not EducatorProfile.objects.filter(user=user).exists()
    response = client.post(
        "/lessons/profile/", {"display_name": "Pat <b>Kim</b>", "clinic_name": "Lupus clinic"}
    )
    assert response["Location"] == "/lessons/"
    profile = EducatorProfile.objects.get(user=user)
    assert (profile.display_name, profile.clinic_name) == ("Pat <b>Kim</b>", "Lupus clinic")
    assert "Pat &lt;b&gt;Kim&lt;/b&gt;" in client.get("/lessons/").content.decode()


def test_the_list_shows_each_pack_with_its_link_and_open_count(signed_in: Client, pack) -> None:
    LessonPack.objects.filter(pk=pack.pk).update(opens=7)
    html = signed_in.get("/lessons/").content.decode()
    assert f"http://testserver/l/{pack.code}/" in html
    assert "7 times" in html
    assert f'href="/lessons/{pack.pk}/edit/"' in html
    assert f'href="/lessons/{pack.pk}/handout/"' in html
    assert f'href="/lessons/{pack.pk}/delete/"' in html
    assert f'data-share="http://testserver/l/{pack.code}/"' in html


def test_the_new_pack_page_starts_empty_at_the_easy_level(signed_in: Client) -> None:
    html = signed_in.get("/lessons/new/").content.decode()
    assert "No lessons yet." in html
    assert re.search(r'value="easy"[^>]*checked', html)
    assert '<optgroup label="Lupkynis (voclosporin) for lupus nephritis">' in html
    assert 'value="voclosporin#missed-dose"' in html


def test_add_shows_the_chosen_lesson_without_saving(signed_in: Client) -> None:
    data = {"action": "add", "add": "voclosporin", "items": ["side-effects"], "note": "Hi"}
    html = signed_in.post("/lessons/new/", data).content.decode()
    assert re.findall(r'name="items" value="([^"]+)"', html) == ["side-effects", "voclosporin"]
    assert ">\nHi</textarea>" in html
    assert "There is a problem" not in html
    assert LessonPack.objects.count() == 0


def test_list_edits_answer_htmx_with_the_form_only(signed_in: Client) -> None:
    data = {"action": "down-1", "items": ["side-effects", "voclosporin"]}
    html = signed_in.post("/lessons/new/", data, **HTMX).content.decode()
    assert html.lstrip().startswith('<form method="post" novalidate id="pack-form"')
    assert "<html" not in html
    assert re.findall(r'name="items" value="([^"]+)"', html) == ["voclosporin", "side-effects"]
    assert re.search(r'id="action-up-2"[^>]*autofocus', html)


def test_saving_a_valid_pack_creates_it_in_order(signed_in: Client, educator) -> None:
    response = signed_in.post("/lessons/new/", save_data())
    pack = LessonPack.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/lessons/#pack-{pack.pk}"
    assert (pack.owner, pack.level, pack.audience) == (educator, "easy", "lupus-nephritis")
    assert pack.note == "See you on Tuesday."
    assert educators.pack_values(pack) == ["voclosporin", "side-effects#emergency"]
    assert pack.status == "active"
    assert pack.opens == 0


def test_saving_with_htmx_redirects_the_whole_page(signed_in: Client) -> None:
    response = signed_in.post("/lessons/new/", save_data(), **HTMX)
    pack = LessonPack.objects.get()
    assert response["HX-Redirect"] == f"/lessons/#pack-{pack.pk}"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"items": []}, "Add at least 1 lesson. A lesson link cannot be empty."),
        ({"level": ""}, "Choose a reading level."),
        ({"level": "hardest"}, "Select a valid choice."),
        ({"audience": ""}, "Choose who the lessons are for."),
        ({"note": "x" * 501}, "Keep the note to 500 characters or fewer. It has 501 now."),
        ({"items": ["voclosporin", "voclosporin"]}, "is in the list twice"),
        ({"items": ["voclosporin#nope"]}, "is not a lesson on this site"),
        ({"items": ["voclosporin", "voclosporin#missed-dose"]}, "already part of a whole lesson"),
        ({"items": list(catalog.lessons_get())[:13]}, "can hold up to 12"),
    ],
)
def test_invalid_packs_are_refused_with_a_clear_message(
    signed_in: Client, overrides: dict, message: str
) -> None:
    response = signed_in.post("/lessons/new/", save_data(**overrides))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert 'id="error-summary"' in html
    assert message in html
    assert LessonPack.objects.count() == 0
    assert "See you on Tuesday." in html or "x" * 501 in html


def test_editing_a_pack_changes_its_items_level_and_note(signed_in: Client, pack) -> None:
    html = signed_in.get(f"/lessons/{pack.pk}/edit/").content.decode()
    assert re.findall(r'name="items" value="([^"]+)"', html) == educators.pack_values(pack)
    assert "Read these before your next visit." in html
    data = save_data(items=["tacrolimus"], level="detailed", audience="transplant", note="")
    response = signed_in.post(f"/lessons/{pack.pk}/edit/", data)
    assert response.status_code == 302
    pack.refresh_from_db()
    assert (pack.level, pack.audience, pack.note) == ("detailed", "transplant", "")
    assert educators.pack_values(pack) == ["tacrolimus"]


def test_a_failed_edit_changes_nothing(signed_in: Client, pack) -> None:
    response = signed_in.post(f"/lessons/{pack.pk}/edit/", save_data(items=[], level="detailed"))
    assert response.status_code == 200
    pack.refresh_from_db()
    assert pack.level == "easy"
    assert len(educators.pack_values(pack)) == 3


# --- The public pack ----------------------------------------------------------------------


def test_the_pack_shows_the_note_the_educator_and_the_lessons_at_its_level(
    client: Client, pack
) -> None:
    client.cookies["level"] = "detailed"
    html = client.get(f"/l/{pack.code}/").content.decode()
    assert current_level(html) == "Easy"
    assert "Nurse Sam Lee at Riverside chose these 3 lessons for you." in html
    assert "Read these before your next visit." in html
    assert catalog.lessons_get()["voclosporin"].title.easy in html
    assert f'href="/l/{pack.code}/1/"' in html


def test_a_pack_lesson_shows_the_easy_text(client: Client, pack) -> None:
    client.cookies["level"] = "detailed"
    html = client.get(f"/l/{pack.code}/1/").content.decode()
    assert current_level(html) == "Easy"
    assert section_words("voclosporin", "easy") in html
    assert section_words("voclosporin", "detailed") not in html
    assert f'href="/l/{pack.code}/2/"' in html
    assert "1 of 3" in html


def test_a_single_section_shows_only_that_section(client: Client, pack) -> None:
    html = client.get(f"/l/{pack.code}/2/").content.decode()
    lesson = catalog.lessons_get()["taking-your-medicine"]
    assert 'id="missed-dose"' in html
    assert len(re.findall(r"<section id=\"(?!sources)", html)) == 1
    assert lesson.title.easy in html
    assert 'href="/learn/taking-your-medicine/?level=easy"' in html


def test_the_reader_can_switch_level_and_keeps_it_lesson_to_lesson(client: Client, pack) -> None:
    html = client.get(f"/l/{pack.code}/1/?level=detailed").content.decode()
    assert current_level(html) == "Detailed"
    assert section_words("voclosporin", "detailed") in html
    assert f'href="/l/{pack.code}/2/?level=detailed"' in html
    assert f'href="/l/{pack.code}/?level=detailed"' in html


def test_the_level_switch_answers_htmx_with_the_pack_body(client: Client, pack) -> None:
    response = client.get(f"/l/{pack.code}/1/?level=standard", **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<article id="pack-body"')
    assert "<html" not in html
    assert section_words("voclosporin", "standard") in html
    assert "Now showing the standard reading level." in html
    assert "HX-Request" in response["Vary"]
    html = client.get(f"/l/{pack.code}/?level=detailed", **HTMX).content.decode()
    assert html.lstrip().startswith('<div id="pack-body"')


def test_a_note_with_markup_is_shown_as_text(client: Client, educator) -> None:
    pack = educators.pack_create(
        owner=educator,
        level="standard",
        audience="transplant",
        note='<script>alert("x")</script>\n<b>Bold</b>',
        items=["tacrolimus"],
    )
    html = client.get(f"/l/{pack.code}/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>&lt;b&gt;Bold&lt;/b&gt;" in html


def test_a_lesson_number_outside_the_pack_goes_back_to_its_list(client: Client, pack) -> None:
    response = client.get(f"/l/{pack.code}/4/")
    assert response.status_code == 302
    assert response["Location"] == f"/l/{pack.code}/"


def test_the_pack_page_has_a_share_button_for_its_link(client: Client, pack) -> None:
    html = client.get(f"/l/{pack.code}/").content.decode()
    assert f'data-share="http://testserver/l/{pack.code}/"' in html


def test_every_lesson_page_can_share_itself_at_the_current_level(client: Client) -> None:
    html = client.get("/learn/voclosporin/?level=easy").content.decode()
    assert 'data-share="http://testserver/learn/voclosporin/?level=easy"' in html
    assert "Share this page" in html
    html = client.get("/learn/voclosporin/?level=detailed", **HTMX).content.decode()
    assert 'data-share="http://testserver/learn/voclosporin/?level=detailed"' in html


# --- Open counter ---------------------------------------------------------------------


def test_each_opening_of_the_link_is_counted(client: Client, pack) -> None:
    client.get(f"/l/{pack.code}/")
    Client().get(f"/l/{pack.code.lower()}/")
    pack.refresh_from_db()
    assert pack.opens == 2


def test_level_switches_lesson_pages_and_the_owner_are_not_counted(
    client: Client, signed_in: Client, pack
) -> None:
    Client().get(f"/l/{pack.code}/?level=detailed", **HTMX)
    Client().get(f"/l/{pack.code}/1/")
    signed_in.get(f"/l/{pack.code}/")
    pack.refresh_from_db()
    assert pack.opens == 0


def test_the_counter_keeps_no_trace_of_who_opened_the_link(client: Client, pack) -> None:
    client.get(f"/l/{pack.code}/")
    fields = {field.name for field in LessonPack._meta.get_fields()}
    assert fields == {
        "id",
        "owner",
        "code",
        "level",
        "audience",
        "note",
        "status",
        "opens",
        "created",
        "updated",
        "items",
    }


# --- Pause and delete ------------------------------------------------------------------


def test_a_paused_link_shows_a_friendly_gone_page(signed_in: Client, client: Client, pack) -> None:
    response = signed_in.post(f"/lessons/{pack.pk}/status/", {"status": "paused"})
    assert response.status_code == 302
    response = Client().get(f"/l/{pack.code}/")
    html = response.content.decode()
    assert response.status_code == 410
    assert "This lesson link is no longer active" in html
    assert 'href="/learn/"' in html
    assert Client().get(f"/l/{pack.code}/1/").status_code == 410
    assert "Paused" in signed_in.get("/lessons/").content.decode()
    signed_in.post(f"/lessons/{pack.pk}/status/", {"status": "active"})
    assert Client().get(f"/l/{pack.code}/").status_code == 200


def test_a_bad_status_changes_nothing(signed_in: Client, pack) -> None:
    signed_in.post(f"/lessons/{pack.pk}/status/", {"status": "deleted"})
    pack.refresh_from_db()
    assert pack.status == "active"


def test_delete_asks_first_then_removes_the_pack(signed_in: Client, pack) -> None:
    html = signed_in.get(f"/lessons/{pack.pk}/delete/").content.decode()
    assert f"Delete lesson link {pack.code}?" in html
    assert LessonPack.objects.get(pk=pack.pk).status == "active"
    response = signed_in.post(f"/lessons/{pack.pk}/delete/")
    assert response["Location"] == "/lessons/"
    pack.refresh_from_db()
    assert (pack.status, pack.note, pack.items.count()) == ("deleted", "", 0)
    assert f"/l/{pack.code}/" not in signed_in.get("/lessons/").content.decode()
    assert signed_in.get(f"/lessons/{pack.pk}/edit/").status_code == 404


def test_a_deleted_link_answers_gone_with_a_clear_page(signed_in: Client, pack) -> None:
    signed_in.post(f"/lessons/{pack.pk}/delete/")
    response = Client().get(f"/l/{pack.code}/")
    assert response.status_code == 410
    assert "This lesson link has been removed" in response.content.decode()


def test_an_unknown_code_is_a_404_with_a_way_to_type_it_again(client: Client) -> None:
    response = client.get("/l/ABCDEFGHJK/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "We cannot find that lesson link" in html
    assert 'action="/l/"' in html
    assert client.get("/l/ABCDEFGHJK/2/").status_code == 404


# --- Ownership ---------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["edit/", "delete/", "handout/"])
def test_another_account_gets_404_on_each_private_page(client: Client, other, pack, suffix) -> None:
    client.force_login(other)
    assert client.get(f"/lessons/{pack.pk}/{suffix}").status_code == 404


@pytest.mark.parametrize(
    ("suffix", "data"),
    [
        ("edit/", save_data()),
        ("status/", {"status": "paused"}),
        ("delete/", {}),
    ],
)
def test_another_account_cannot_change_a_pack(client: Client, other, pack, suffix, data) -> None:
    client.force_login(other)
    assert client.post(f"/lessons/{pack.pk}/{suffix}", data).status_code == 404
    pack.refresh_from_db()
    assert pack.status == "active"
    assert pack.note == "Read these before your next visit."
    assert len(educators.pack_values(pack)) == 3


def test_another_account_does_not_see_the_pack_or_its_count(client: Client, other, pack) -> None:
    client.force_login(other)
    html = client.get("/lessons/").content.decode()
    assert pack.code not in html
    assert "You have no lesson links yet." in html


# --- Handout -----------------------------------------------------------------------------


def test_the_handout_has_title_note_lessons_qr_code_and_typed_link(signed_in: Client, pack) -> None:
    html = signed_in.get(f"/lessons/{pack.pk}/handout/").content.decode()
    url = f"http://testserver/l/{pack.code}/"
    assert "<h1>Lessons for you: Lupus nephritis</h1>" in html
    assert "Read these before your next visit." in html
    assert catalog.lessons_get()["side-effects"].title.easy in html
    assert re.search(r'<svg[^>]*class="qr"', html)
    assert f'<p class="typed-link">{url}</p>' in html
    assert f"Printed from {url}" in html
    assert pack.code in html


def test_the_qr_code_is_inline_svg_without_inline_style() -> None:
    svg = educators.pack_qr_svg(url="http://testserver/l/KNQWERTY23/")
    assert svg.startswith("<svg")
    assert "style" not in svg
    assert "<?xml" not in svg
    assert len(svg) < 4000
