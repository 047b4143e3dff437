"""Every private page, signed in on a phone: accessible and no wider than the screen."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.axe import axe_violations
from tests.helpers import PASSWORD, account_create, person_create
from tests.site_urls import PRIVATE, PRIVATE_ARGS, PRIVATE_FILES, PRIVATE_POST_ONLY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_every_private_page_has_no_accessibility_violations(
    live_server, browser, color_scheme: str
) -> None:
    from tests.conftest import PHONE

    owner = account_create("ana@example.org")
    person = person_create(account=owner, name="Mum")
    context = browser.new_context(**PHONE, color_scheme=color_scheme)
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email address").fill("ana@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    problems = {}
    for name in sorted(PRIVATE - PRIVATE_POST_ONLY - PRIVATE_FILES):
        build = PRIVATE_ARGS[name]
        url = reverse(name, args=build(person) if build else ())
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        violations = axe_violations(page)
        if violations:
            problems[url] = violations
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{url} is {width}px wide"
    context.close()
    assert problems == {}
