"""Small helpers shared by tests."""

from __future__ import annotations

import re

from education import catalog


def current_level(html: str) -> str:
    """The label of the reading-level link marked as current."""
    match = re.search(r'<a [^>]*aria-current="true"[^>]*>(\w+)<', html)
    assert match, "no level is marked as current"
    return match.group(1)


def plain_words(slug: str, level: str) -> str:
    """A run of words from a lesson's first section that carries no markup."""
    lesson = catalog.lessons_get()[slug]
    for block in lesson.sections[0].blocks(level):
        for item in block.items:
            for span in item:
                words = span.text.strip()
                if not span.term and len(words) >= 15 and "{" not in words:
                    return words[:30].rsplit(" ", 1)[0]
    raise AssertionError(f"no plain words in {slug}")


PASSWORD = "a-long-test-passphrase-41"


def account_create(email: str = "ana@example.org", password: str = PASSWORD):
    """An account that signs in with its email address, as the sign-up form makes them."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(username=email, email=email, password=password)


def person_create(*, account, name: str = "Me", **fields):
    from education.models import Person

    values = {
        "time_zone": "America/New_York",
        "emergency_number": "911",
        "poison_number": "1-800-222-1222",
        **fields,
    }
    return Person.objects.create(account=account, name=name, **values)


def phone_sign_in(phone: object, live_server: object, user: object) -> None:
    """Give a browser page the session of an account, without walking the sign-in form."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    phone.context.add_cookies(  # type: ignore[attr-defined]
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,  # type: ignore[attr-defined]
            }
        ]
    )
