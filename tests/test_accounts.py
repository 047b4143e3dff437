"""Sign up, sign in, the limit on failed sign-ins, sign out, and passwords."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from education.models import Person
from tests.helpers import PASSWORD, account_create

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "another-long-passphrase-77"


def signup_data(**overrides: str) -> dict[str, str]:
    return {
        "email": "Kim@Example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "first_person": "",
        "time_zone": "Europe/London",
        **overrides,
    }


def signed_in_user(client: Client) -> object:
    return client.get("/").wsgi_request.user


# --- Sign up ------------------------------------------------------------------------


def test_signing_up_creates_a_lower_case_account_signs_in_and_adds_me(client: Client) -> None:
    response = client.post("/accounts/signup/", signup_data())
    assert response.status_code == 302
    assert response["Location"] == "/people/"
    user = get_user_model().objects.get()
    assert user.username == user.email == "kim@example.org"
    assert signed_in_user(client).is_authenticated
    person = Person.objects.get(account=user)
    assert person.name == "Me"
    assert person.time_zone == "Europe/London"


def test_sign_up_can_name_the_first_person_and_keeps_this_browsers_numbers(
    client: Client,
) -> None:
    client.post("/settings/", {"emergency_number": "999", "poison_number": "111"})
    client.post("/accounts/signup/", signup_data(first_person="  Mum  "))
    person = Person.objects.get()
    assert person.name == "Mum"
    assert person.emergency_number == "999"
    assert person.poison_number == "111"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"email": ""}, "email", "Enter your email address."),
        ({"email": "not-an-email"}, "email", "Enter an email address like name@example.com."),
        ({"email": "a" * 140 + "@example.org"}, "email", "at most 150 characters"),
        ({"password1": "", "password2": ""}, "password1", "Enter a password."),
        ({"password2": "something-else-entirely"}, "password2", "didn’t match"),
        ({"password1": "password", "password2": "password"}, "password2", "too common"),
        ({"password1": "83920174", "password2": "83920174"}, "password2", "entirely numeric"),
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone", "Choose a time zone from the list."),
        ({"time_zone": ""}, "time_zone", "Choose a time zone."),
        ({"first_person": "x" * 61}, "first_person", "60 characters or fewer"),
    ],
)
def test_sign_up_refuses_bad_input_with_a_clear_message_and_saves_nothing(
    client: Client, overrides: dict[str, str], field: str, message: str
) -> None:
    response = client.post("/accounts/signup/", signup_data(**overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    html = response.content.decode()
    assert "<title>Error:" in html
    assert 'id="error-summary"' in html
    assert get_user_model().objects.count() == 0
    assert Person.objects.count() == 0


def test_sign_up_refuses_an_email_that_already_has_an_account_in_any_case(
    client: Client,
) -> None:
    account_create("kim@example.org")
    response = client.post("/accounts/signup/", signup_data(email="KIM@example.ORG"))
    assert "already an account with this email" in response.content.decode()
    assert get_user_model().objects.count() == 1


def test_sign_up_keeps_what_was_typed_after_an_error(client: Client) -> None:
    response = client.post(
        "/accounts/signup/", signup_data(first_person="Leo", password2="does-not-match-at-all")
    )
    html = response.content.decode()
    assert 'value="kim@example.org"' in html or 'value="Kim@Example.org"' in html
    assert 'value="Leo"' in html
    assert '<option value="Europe/London" selected>' in html


def test_sign_up_goes_on_to_a_safe_next_page_only(client: Client) -> None:
    response = client.post("/accounts/signup/?next=/learn/", signup_data(next="/learn/"))
    assert response["Location"] == "/learn/"
    other = Client()
    response = other.post(
        "/accounts/signup/", signup_data(email="b@example.org", next="https://evil.example/")
    )
    assert response["Location"] == "/people/"


def test_the_time_zone_list_puts_common_zones_first_and_lists_them_all(client: Client) -> None:
    html = client.get("/accounts/signup/").content.decode()
    assert '<optgroup label="Common time zones">' in html
    assert html.index("America/New York") < html.index("Africa/Abidjan")
    assert '<option value="Pacific/Chatham">' in html
    assert "data-guess-timezone" in html


# --- Sign in -------------------------------------------------------------------------


def login(client: Client, email: str = "ana@example.org", password: str = PASSWORD, **extra: str):
    return client.post("/accounts/login/", {"username": email, "password": password, **extra})


def test_signing_in_works_with_the_email_in_any_case(client: Client, account: object) -> None:
    response = login(client, email="  ANA@example.org ")
    assert response.status_code == 302
    assert response["Location"] == "/today/"
    assert signed_in_user(client) == account


def test_signing_in_follows_a_safe_next_and_ignores_another_site(
    client: Client, account: object
) -> None:
    assert login(client, next="/people/")["Location"] == "/people/"
    client.logout()
    assert login(client, next="https://evil.example/")["Location"] == "/today/"


def test_a_wrong_password_says_so_plainly(client: Client, account: object) -> None:
    response = login(client, password="wrong-password")
    assert response.status_code == 200
    assert "do not match an account" in response.content.decode()
    assert not signed_in_user(client).is_authenticated


def test_the_sign_in_page_shows_empty_fields_errors(client: Client) -> None:
    response = client.post("/accounts/login/", {"username": "", "password": ""})
    html = response.content.decode()
    assert "Enter your email address." in html
    assert "Enter your password." in html


def test_too_many_failed_sign_ins_for_one_email_are_refused_even_with_the_right_password(
    client: Client, account: object, settings
) -> None:
    settings.LOGIN_RATE_LIMIT = 3
    settings.LOGIN_RATE_WINDOW_SECONDS = 600
    for number in range(3):
        other = Client(REMOTE_ADDR=f"10.0.0.{number}")
        assert login(other, password="wrong").status_code == 200
    response = login(Client(REMOTE_ADDR="10.0.0.99"))
    assert response.status_code == 429
    assert "Too many attempts, try again in 10 minutes." in response.content.decode()
    assert not signed_in_user(client).is_authenticated


def test_too_many_failed_sign_ins_from_one_address_are_refused_for_any_email(
    client: Client, account: object, settings
) -> None:
    settings.LOGIN_RATE_LIMIT = 3
    for number in range(3):
        login(client, email=f"guess{number}@example.org", password="wrong")
    response = login(client)
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()


def test_sign_in_is_allowed_again_after_the_window(
    client: Client, account: object, settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    settings.LOGIN_RATE_LIMIT = 2
    settings.LOGIN_RATE_WINDOW_SECONDS = 60
    start = time.time()
    monkeypatch.setattr(time, "time", lambda: start)
    login(client, password="wrong")
    login(client, password="wrong")
    blocked = login(client)
    assert blocked.status_code == 429
    assert "try again in 1 minute." in blocked.content.decode()
    monkeypatch.setattr(time, "time", lambda: start + 61)
    assert login(client).status_code == 302


def test_a_successful_sign_in_clears_the_count_for_that_email(
    client: Client, account: object, settings
) -> None:
    settings.LOGIN_RATE_LIMIT = 3
    login(Client(REMOTE_ADDR="10.0.0.1"), password="wrong")
    login(Client(REMOTE_ADDR="10.0.0.2"), password="wrong")
    assert login(Client(REMOTE_ADDR="10.0.0.3")).status_code == 302
    login(Client(REMOTE_ADDR="10.0.0.4"), password="wrong")
    login(Client(REMOTE_ADDR="10.0.0.5"), password="wrong")
    assert login(Client(REMOTE_ADDR="10.0.0.6")).status_code == 302


# --- Sign out ------------------------------------------------------------------------


def test_sign_out_by_get_is_refused(client: Client, account: object) -> None:
    client.force_login(account)
    assert client.get("/accounts/logout/").status_code == 405
    assert signed_in_user(client).is_authenticated


def test_sign_out_by_post_signs_out_and_goes_home(client: Client, account: object) -> None:
    client.force_login(account)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert not signed_in_user(client).is_authenticated


def test_the_header_offers_sign_in_or_people(client: Client, account: object) -> None:
    assert 'href="/accounts/login/">Sign in</a>' in client.get("/").content.decode()
    client.force_login(account)
    assert 'href="/people/">People</a>' in client.get("/").content.decode()


# --- Passwords -----------------------------------------------------------------------


def test_password_change_needs_the_old_password_then_works(client: Client, account: object) -> None:
    client.force_login(account)
    data = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    wrong = client.post("/accounts/password/change/", {"old_password": "nope", **data})
    assert wrong.status_code == 200
    assert "old password was entered incorrectly" in wrong.content.decode()
    response = client.post("/accounts/password/change/", {"old_password": PASSWORD, **data})
    assert response["Location"] == "/accounts/password/change/done/"
    assert signed_in_user(client).is_authenticated
    account.refresh_from_db()
    assert account.check_password(NEW_PASSWORD)


def test_password_reset_works_end_to_end_from_the_emailed_link(
    client: Client, account: object
) -> None:
    response = client.post("/accounts/password/reset/", {"email": "ANA@example.org"})
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.org"]
    assert "Choose a new password" in message.subject
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done["Location"] == "/accounts/password/reset/done/"
    assert login(Client(), password=NEW_PASSWORD).status_code == 302
    used_again = Client().get(link, follow=True)
    assert "This link does not work" in used_again.content.decode()


def test_password_reset_for_an_unknown_email_sends_nothing_and_says_the_same(
    client: Client,
) -> None:
    response = client.post(
        "/accounts/password/reset/", {"email": "nobody@example.org"}, follow=True
    )
    assert "Check your email" in response.content.decode()
    assert mail.outbox == []


def test_a_broken_reset_link_offers_a_new_one(client: Client) -> None:
    html = client.get("/accounts/password/reset/MQ/not-a-token/").content.decode()
    assert "This link does not work" in html
    assert 'href="/accounts/password/reset/"' in html
