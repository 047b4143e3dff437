"""The people an account looks after: the access functions, the pages and the forms."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client, RequestFactory

from education.models import Person
from education.people import people_visible, person_can_edit, person_current, person_get
from tests.helpers import person_create

pytestmark = pytest.mark.django_db


def person_data(**overrides: str) -> dict[str, str]:
    return {
        "name": "Mum",
        "time_zone": "Europe/London",
        "emergency_number": "999",
        "poison_number": "0344 892 0111",
        "team_day_number": "",
        "team_after_hours_number": "",
        "condition": "",
        "fever_threshold": "",
        "fever_unit": "C",
        **overrides,
    }


@pytest.fixture
def signed_in(client: Client, account: object) -> Client:
    client.force_login(account)
    return client


# --- Access rules --------------------------------------------------------------------


def test_an_account_sees_only_its_own_people(account: object, stranger: object) -> None:
    assert [p.name for p in people_visible(user=account)] == ["Me"]
    assert [p.name for p in people_visible(user=stranger)] == ["Sam"]
    assert list(people_visible(user=AnonymousUser())) == []


def test_person_get_is_404_for_another_accounts_person(person: Person, stranger: object) -> None:
    with pytest.raises(Http404):
        person_get(user=stranger, person_id=person.pk)
    with pytest.raises(Http404):
        person_get(user=stranger, person_id=person.pk, edit=True)
    with pytest.raises(Http404):
        person_get(user=AnonymousUser(), person_id=person.pk)


def test_the_owner_may_see_and_edit_their_person(account: object, person: Person) -> None:
    assert person_get(user=account, person_id=person.pk, edit=True) == person
    assert person_can_edit(user=account, person=person)


def test_person_get_for_editing_is_403_when_the_account_may_only_view(
    account: object, person: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    import education.people

    monkeypatch.setattr(education.people, "person_can_edit", lambda **kwargs: False)
    assert person_get(user=account, person_id=person.pk) == person
    with pytest.raises(PermissionDenied):
        person_get(user=account, person_id=person.pk, edit=True)


def request_for(user: object, session: dict | None = None) -> object:
    request = RequestFactory().get("/")
    request.user = user
    request.session = session if session is not None else {}
    return request


def test_the_current_person_is_the_first_one_until_another_is_chosen(account: object) -> None:
    mum = person_create(account=account, name="Mum")
    assert person_current(request_for(account)).name == "Me"
    assert person_current(request_for(account, {"person_id": mum.pk})) == mum


def test_a_chosen_person_of_another_account_is_never_current(
    account: object, stranger: object
) -> None:
    sam = stranger.people.get()
    assert person_current(request_for(account, {"person_id": sam.pk})).name == "Me"
    assert person_current(request_for(AnonymousUser())) is None


# --- Pages ---------------------------------------------------------------------------


def test_the_people_page_lists_each_person_and_marks_the_current_one(
    signed_in: Client, account: object
) -> None:
    person_create(account=account, name="Leo")
    html = signed_in.get("/people/").content.decode()
    assert "<h1>Who do you look after?</h1>" in html
    assert 'Me <span class="badge">Now showing</span>' in html
    assert "Show Leo's numbers" in html
    assert "Sam" not in html


def test_adding_a_person_saves_every_field_and_makes_them_current(
    signed_in: Client, account: object
) -> None:
    data = person_data(
        team_day_number="020 7946 0000",
        team_after_hours_number="020 7946 0001",
        condition="kidney-transplant",
        fever_threshold="100.0",
        fever_unit="F",
        pregnant_or_postpartum="on",
    )
    response = signed_in.post("/people/add/", data)
    assert response["Location"] == "/people/"
    mum = account.people.get(name="Mum")
    assert mum.time_zone == "Europe/London"
    assert mum.team_after_hours_number == "020 7946 0001"
    assert mum.condition == "kidney-transplant"
    assert mum.fever_threshold == Decimal("100.0")
    assert mum.fever_unit == "F"
    assert mum.pregnant_or_postpartum
    help_page = signed_in.get("/help/").content.decode()
    assert 'href="tel:999"' in help_page
    assert 'href="tel:02079460000"' in help_page


def test_the_add_form_starts_from_the_current_numbers_and_time_zone(
    signed_in: Client, person: Person
) -> None:
    person.emergency_number = "112"
    person.time_zone = "Europe/Paris"
    person.save()
    form = signed_in.get("/people/add/").context["form"]
    assert form.initial["emergency_number"] == "112"
    assert form.initial["time_zone"] == "Europe/Paris"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "Enter a name or nickname."),
        ({"name": "   "}, "name", "Enter a name or nickname."),
        ({"name": "M" * 61}, "name", "60 characters or fewer"),
        ({"time_zone": "Europe/Atlantis"}, "time_zone", "Choose a time zone from the list."),
        ({"time_zone": "localtime"}, "time_zone", "Choose a time zone from the list."),
        ({"time_zone": ""}, "time_zone", "Choose a time zone."),
        ({"emergency_number": ""}, "emergency_number", "This field is required."),
        ({"emergency_number": "call 999"}, "emergency_number", "Enter the emergency number"),
        ({"emergency_number": "9" * 21}, "emergency_number", "at most 20 characters"),
        ({"poison_number": "<b>1</b>"}, "poison_number", "Enter the poison help number"),
        ({"team_day_number": "---"}, "team_day_number", "Enter the daytime care team number"),
        ({"team_after_hours_number": "ask"}, "team_after_hours_number", "after-hours number"),
        ({"team_day_number": "1" * 31}, "team_day_number", "at most 30 characters"),
        ({"condition": "flu"}, "condition", "Choose a reason from the list"),
        ({"fever_threshold": "warm"}, "fever_threshold", "as a number, like 37.8"),
        ({"fever_threshold": "37.85"}, "fever_threshold", "at most 1 number after"),
        ({"fever_threshold": "3.8"}, "fever_threshold", "between 35.0 and 42.0 °C"),
        ({"fever_threshold": "38", "fever_unit": "F"}, "fever_threshold", "95.0 and 107.6 °F"),
        ({"fever_unit": "K"}, "fever_unit", "Choose °C or °F."),
    ],
)
def test_adding_a_person_refuses_bad_input_clearly_and_saves_nothing(
    signed_in: Client, overrides: dict[str, str], field: str, message: str
) -> None:
    response = signed_in.post("/people/add/", person_data(**overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    html = response.content.decode()
    assert "<title>Error:" in html
    assert Person.objects.count() == 1  # only "Me"


def test_editing_a_person_changes_their_numbers_everywhere(
    signed_in: Client, person: Person
) -> None:
    response = signed_in.post(
        f"/people/{person.pk}/edit/", person_data(name="Me", team_day_number="555 0100")
    )
    assert response["Location"] == "/people/"
    person.refresh_from_db()
    assert person.team_day_number == "555 0100"
    assert "· 999" in signed_in.get("/").content.decode()


def test_a_failed_edit_changes_nothing_and_keeps_the_old_name_in_the_heading(
    signed_in: Client, person: Person
) -> None:
    response = signed_in.post(
        f"/people/{person.pk}/edit/", person_data(name="Renamed", emergency_number="x")
    )
    html = response.content.decode()
    assert "<h1>Edit Me</h1>" in html
    assert 'value="Renamed"' in html
    person.refresh_from_db()
    assert person.name == "Me"
    assert person.emergency_number == "911"


def test_an_empty_fever_threshold_is_saved_as_none(signed_in: Client, person: Person) -> None:
    signed_in.post(f"/people/{person.pk}/edit/", person_data(fever_threshold="", fever_unit="F"))
    person.refresh_from_db()
    assert person.fever_threshold is None
    assert person.fever_unit == "C"


def test_removing_a_person_asks_first_then_removes_them(
    signed_in: Client, account: object, person: Person
) -> None:
    page = signed_in.get(f"/people/{person.pk}/remove/").content.decode()
    assert "<h1>Remove Me?</h1>" in page
    assert Person.objects.filter(pk=person.pk).exists()
    response = signed_in.post(f"/people/{person.pk}/remove/")
    assert response["Location"] == "/people/"
    assert not Person.objects.filter(pk=person.pk).exists()
    assert "There is nobody here yet" in signed_in.get("/people/").content.decode()


def test_after_the_last_person_is_removed_the_browsers_numbers_show_again(
    signed_in: Client, person: Person
) -> None:
    signed_in.post("/settings/", {"emergency_number": "000", "poison_number": "131126"})
    person.delete()
    assert "· 911" in signed_in.get("/").content.decode()


def test_choosing_a_person_shows_their_numbers_on_every_page(
    signed_in: Client, account: object
) -> None:
    leo = person_create(account=account, name="Leo", emergency_number="112")
    assert "· 911" in signed_in.get("/help/").content.decode()
    response = signed_in.post(f"/people/{leo.pk}/choose/")
    assert response["Location"] == "/people/"
    assert "· 112" in signed_in.get("/help/").content.decode()


def test_choosing_a_person_may_send_on_to_a_page_of_this_site_only(
    signed_in: Client, account: object
) -> None:
    leo = person_create(account=account, name="Leo", emergency_number="112")
    response = signed_in.post(f"/people/{leo.pk}/choose/", {"next": "/symptoms/"})
    assert response["Location"] == "/symptoms/"
    assert "· 112" in signed_in.get("/help/").content.decode()
    for elsewhere in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        response = signed_in.post(f"/people/{leo.pk}/choose/", {"next": elsewhere})
        assert response["Location"] == "/people/"


def test_the_people_page_links_each_persons_symptom_diary(
    signed_in: Client, person: Person
) -> None:
    html = signed_in.get("/people/").content.decode()
    assert f'href="/people/{person.pk}/symptoms/"' in html


def test_the_pregnancy_flag_comes_from_the_current_person(
    signed_in: Client, person: Person
) -> None:
    person.pregnant_or_postpartum = True
    person.save()
    prefs = signed_in.get("/").context["prefs"]
    assert prefs.pregnant_or_postpartum


def test_settings_while_signed_in_goes_to_the_current_persons_details(
    signed_in: Client, person: Person
) -> None:
    response = signed_in.get("/settings/")
    assert response["Location"] == f"/people/{person.pk}/edit/"
    person.delete()
    assert signed_in.get("/settings/")["Location"] == "/people/"


def test_settings_signed_out_still_saves_the_browsers_numbers(client: Client) -> None:
    response = client.post("/settings/", {"emergency_number": "112", "poison_number": "1"})
    assert response.status_code == 302
    assert "· 112" in client.get("/").content.decode()
