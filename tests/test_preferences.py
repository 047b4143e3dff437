"""Reading level and remembered help numbers."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.helpers import current_level

pytestmark = pytest.mark.django_db


def test_the_standard_level_is_used_when_nothing_is_chosen(client: Client) -> None:
    html = client.get("/").content.decode()
    assert current_level(html) == "Standard"


def test_level_in_the_query_overrides_and_is_remembered(client: Client) -> None:
    response = client.get("/?level=easy")
    assert response.cookies["level"].value == "easy"
    assert current_level(response.content.decode()) == "Easy"
    again = client.get("/learn/")
    assert current_level(again.content.decode()) == "Easy"


def test_an_unknown_level_is_ignored(client: Client) -> None:
    client.cookies["level"] = "detailed"
    response = client.get("/?level=<script>")
    assert "level" not in response.cookies
    assert current_level(response.content.decode()) == "Detailed"
    assert "<script>" not in response.content.decode().split("</head>")[1].split("<main")[0]


def test_level_links_keep_the_rest_of_the_query(client: Client) -> None:
    html = client.get("/learn/?audience=transplant").content.decode()
    assert 'href="/learn/?audience=transplant&amp;level=easy"' in html


def test_default_help_numbers_come_from_content(client: Client) -> None:
    html = client.get("/help/").content.decode()
    assert 'href="tel:911"' in html
    assert 'href="tel:18002221222"' in html


def test_saved_help_numbers_show_on_every_page(client: Client) -> None:
    response = client.post(
        "/settings/",
        {
            "emergency_number": "112",
            "poison_number": "+44 111",
            "team_day_number": "020 7946 0000",
            "team_after_hours_number": "",
        },
    )
    assert response.status_code == 302
    home = client.get("/").content.decode()
    assert "· 112" in home
    help_page = client.get("/help/").content.decode()
    assert 'href="tel:112"' in help_page
    assert 'href="tel:02079460000"' in help_page
    assert "Care team (evenings and weekends)" not in help_page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("emergency_number", "", "This field is required."),
        ("emergency_number", "call 911", "Enter the emergency number"),
        ("poison_number", "<b>1</b>", "Enter the poison help number"),
        ("team_day_number", "---", "Enter the daytime care team number"),
        ("emergency_number", "9" * 40, "at most 20 characters"),
    ],
)
def test_bad_numbers_are_refused_with_a_clear_message(
    client: Client, field: str, value: str, message: str
) -> None:
    data = {"emergency_number": "911", "poison_number": "1-800-222-1222", field: value}
    response = client.post("/settings/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "<title>Error:" in html
    assert 'id="error-summary"' in html
    assert "prefs" not in response.cookies


def test_a_tampered_settings_cookie_falls_back_to_the_defaults(client: Client) -> None:
    client.cookies["prefs"] = '{"emergency_number": "0000"}'
    html = client.get("/help/").content.decode()
    assert 'href="tel:911"' in html
