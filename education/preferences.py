"""What a visitor has chosen: reading level and their remembered help numbers.

Anyone can use the site without an account, so these live in cookies. The reading
level is a plain cookie that `?level=` on any URL overrides (and updates); the help
numbers are a signed cookie so that a page never shows a number the visitor did not
enter or choose.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse

from education import catalog

LEVELS: tuple[str, ...] = ("easy", "standard", "detailed")
LEVEL_LABELS: dict[str, str] = {"easy": "Easy", "standard": "Standard", "detailed": "Detailed"}
DEFAULT_LEVEL = "standard"
LEVEL_COOKIE = "level"
PREFS_COOKIE = "prefs"
PREFS_SALT = "education.preferences"
ONE_YEAR = 365 * 24 * 60 * 60


@dataclass(frozen=True)
class VisitorPrefs:
    emergency_number: str
    poison_number: str
    team_day_number: str = ""
    team_after_hours_number: str = ""
    pregnant_or_postpartum: bool = False
    product: str = ""


def prefs_default() -> VisitorPrefs:
    contacts = catalog.contacts_get()
    return VisitorPrefs(
        emergency_number=contacts.emergency_default,
        poison_number=contacts.poison_default,
    )


def level_parse(value: str | None) -> str | None:
    if value and value in LEVELS:
        return value
    return None


def level_get(request: HttpRequest) -> str:
    return getattr(request, "reading_level", None) or DEFAULT_LEVEL


def level_set(request: HttpRequest, level: str) -> None:
    """Show this page at a level chosen for the reader (a lesson link's level).

    Only this response changes: the reader's remembered level stays as it was.
    """
    request.reading_level = level  # type: ignore[attr-defined]


def prefs_get(request: HttpRequest) -> VisitorPrefs:
    """The help numbers to show: the current person's when signed in, else this browser's."""
    prefs = prefs_cookie_get(request)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from education.people import person_current, person_prefs

        person = person_current(request)
        if person is not None:
            return person_prefs(person=person, base=prefs)
    return prefs


def prefs_cookie_get(request: HttpRequest) -> VisitorPrefs:
    default = prefs_default()
    raw = request.get_signed_cookie(PREFS_COOKIE, default=None, salt=PREFS_SALT)
    if not raw:
        return default
    try:
        data: dict[str, Any] = json.loads(raw)
    except ValueError:
        return default
    known = {key: data[key] for key in asdict(default) if key in data}
    try:
        prefs = replace(default, **known)
    except TypeError:
        return default
    if prefs.product and prefs.product not in catalog.medicines_get():
        prefs = replace(prefs, product="")
    return prefs


def prefs_save(response: HttpResponse, prefs: VisitorPrefs) -> None:
    response.set_signed_cookie(
        PREFS_COOKIE,
        json.dumps(asdict(prefs)),
        salt=PREFS_SALT,
        max_age=ONE_YEAR,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def product_remember(request: HttpRequest, response: HttpResponse, product: str) -> None:
    """Remember the visitor's medicine so the next page can start from it."""
    prefs = prefs_cookie_get(request)
    if prefs.product != product:
        prefs_save(response, replace(prefs, product=product))


class PreferencesMiddleware:
    """Reads the reading level from `?level=` or the cookie; remembers a `?level=` choice."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        asked = level_parse(request.GET.get("level"))
        remembered = level_parse(request.COOKIES.get(LEVEL_COOKIE))
        request.reading_level = asked or remembered or DEFAULT_LEVEL  # type: ignore[attr-defined]
        response = self.get_response(request)
        if asked and asked != remembered:
            response.set_cookie(
                LEVEL_COOKIE,
                asked,
                max_age=ONE_YEAR,
                secure=settings.SESSION_COOKIE_SECURE,
                samesite="Lax",
            )
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def preferences_context(request: HttpRequest) -> dict[str, Any]:
    level = level_get(request)
    query = request.GET.copy()
    switch = []
    for choice in LEVELS:
        query["level"] = choice
        switch.append(
            {
                "level": choice,
                "label": LEVEL_LABELS[choice],
                "url": f"{request.path}?{query.urlencode()}",
                "current": choice == level,
            }
        )
    return {
        "level": level,
        "level_label": LEVEL_LABELS[level],
        "level_switch": switch,
        "prefs": prefs_get(request),
    }


PHONE_CHARS = set("0123456789+-() ")


def phone_clean(value: str, label: str) -> str:
    value = " ".join(value.split())
    if value and (not set(value) <= PHONE_CHARS or not any(ch.isdigit() for ch in value)):
        raise forms.ValidationError(
            f"Enter the {label} using only digits, spaces, +, - and brackets, like 1-800-222-1222."
        )
    return value


class VisitorPrefsForm(forms.Form):
    emergency_number = forms.CharField(
        label="Emergency number",
        max_length=20,
        widget=forms.TextInput(
            attrs={"type": "tel", "list": "emergency-choices", "autocomplete": "off"}
        ),
        help_text="The number for an ambulance where you are, such as 911, 999, 112 or 000.",
    )
    poison_number = forms.CharField(
        label="Poison help number",
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        help_text="In the United States this is 1-800-222-1222.",
    )
    team_day_number = forms.CharField(
        label="Care team number (daytime)",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        help_text="Leave empty if you do not have it yet.",
    )
    team_after_hours_number = forms.CharField(
        label="Care team number (evenings and weekends)",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        help_text="The after-hours or on-call line. Leave empty if you do not have it yet.",
    )
    pregnant_or_postpartum = forms.BooleanField(
        label="I am pregnant or gave birth in the last 6 weeks",
        required=False,
        help_text="This changes the blood pressure numbers we use.",
    )

    def clean_emergency_number(self) -> str:
        return phone_clean(self.cleaned_data["emergency_number"], "emergency number")

    def clean_poison_number(self) -> str:
        return phone_clean(self.cleaned_data["poison_number"], "poison help number")

    def clean_team_day_number(self) -> str:
        return phone_clean(self.cleaned_data["team_day_number"], "daytime care team number")

    def clean_team_after_hours_number(self) -> str:
        return phone_clean(self.cleaned_data["team_after_hours_number"], "after-hours number")

    def prefs(self, current: VisitorPrefs) -> VisitorPrefs:
        data = self.cleaned_data
        return replace(
            current,
            emergency_number=data["emergency_number"],
            poison_number=data["poison_number"],
            team_day_number=data["team_day_number"],
            team_after_hours_number=data["team_after_hours_number"],
            pregnant_or_postpartum=data["pregnant_or_postpartum"],
        )
