"""Every private URL: signed out it asks for sign-in, for the owner it answers, and for
any other account it is a 404, whatever the method."""

from __future__ import annotations

import gzip
import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.site_urls import (
    PRIVATE,
    PRIVATE_ARGS,
    PRIVATE_FILES,
    PRIVATE_GET_ONLY,
    PRIVATE_POST_ONLY,
)
from tests.test_site import SIZE_BUDGET, blocking_css

pytestmark = pytest.mark.django_db

WITH_ARGS = sorted(name for name in PRIVATE if PRIVATE_ARGS.get(name) is not None)
PAGES = sorted(PRIVATE - PRIVATE_POST_ONLY - PRIVATE_FILES)


def private_url(name: str, person: object) -> str:
    build = PRIVATE_ARGS[name]
    return reverse(name, args=build(person) if build else ())


def test_every_private_url_says_how_to_build_it() -> None:
    assert PRIVATE - set(PRIVATE_ARGS) == set()
    assert PRIVATE_POST_ONLY.issubset(PRIVATE)
    assert PRIVATE_GET_ONLY.issubset(PRIVATE)
    assert PRIVATE_FILES.issubset(PRIVATE)


@pytest.mark.parametrize("name", sorted(PRIVATE))
def test_private_url_sends_a_signed_out_visitor_to_sign_in(
    client: Client, person: object, name: str
) -> None:
    url = private_url(name, person)
    response = client.post(url) if name in PRIVATE_POST_ONLY else client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize("name", PAGES)
def test_private_page_answers_its_owner_with_one_h1(
    client: Client, account: object, person: object, name: str
) -> None:
    client.force_login(account)
    response = client.get(private_url(name, person))
    assert response.status_code == 200
    html = response.content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert " style=" not in html


@pytest.mark.parametrize("name", PAGES)
def test_private_page_fits_the_size_budget(
    client: Client, account: object, person: object, name: str
) -> None:
    client.force_login(account)
    html = client.get(private_url(name, person)).content
    size = len(gzip.compress(html + blocking_css(html.decode())))
    assert size <= SIZE_BUDGET, f"{name} is {size} bytes compressed"


@pytest.mark.parametrize("name", WITH_ARGS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_account_gets_404_on_every_private_url(
    client: Client, person: object, stranger: object, name: str, method: str
) -> None:
    client.force_login(stranger)
    url = private_url(name, person)
    response = getattr(client, method)(url)
    if (method == "get" and name in PRIVATE_POST_ONLY) or (
        method == "post" and name in PRIVATE_GET_ONLY
    ):
        assert response.status_code == 405
    else:
        assert response.status_code == 404
    assert person.__class__.objects.filter(pk=person.pk, name=person.name).exists()


@pytest.mark.parametrize("name", WITH_ARGS)
def test_an_unknown_id_is_a_404(client: Client, account: object, person: object, name: str) -> None:
    client.force_login(account)
    build = PRIVATE_ARGS[name]
    args = tuple(999999 if isinstance(arg, int) else arg for arg in build(person))
    url = reverse(name, args=args)
    response = client.post(url) if name in PRIVATE_POST_ONLY else client.get(url)
    assert response.status_code == 404
