"""The people an account looks after, and who may see or change them.

Every private view reaches a person only through the functions here, so that the
access rules live in one place: `people_visible`, `person_get`, `person_can_edit`
and `person_current`.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import TYPE_CHECKING
from zoneinfo import available_timezones

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from education.models import Membership, Person
from education.preferences import VisitorPrefs, VisitorPrefsForm

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    User = AbstractBaseUser | AnonymousUser

SESSION_KEY = "person_id"
ROLE_MANAGE = "manage"
FIRST_PERSON_NAME = "Me"

# Shown first in the time zone list: the places most readers live. The full list follows.
COMMON_TIME_ZONES: tuple[str, ...] = (
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "America/Toronto",
    "America/Vancouver",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Paris",
    "Europe/Berlin",
    "Australia/Sydney",
    "Australia/Brisbane",
    "Australia/Perth",
    "Pacific/Auckland",
    "Asia/Kolkata",
)

# What a thermometer at home can sensibly read, to catch typing slips such as 3.8 or 380.
# The care team's number itself is not checked against any advice here.
FEVER_INPUT_RANGE: dict[str, tuple[Decimal, Decimal]] = {
    "C": (Decimal("35.0"), Decimal("42.0")),
    "F": (Decimal("95.0"), Decimal("107.6")),
}


def time_zone_label(name: str) -> str:
    return name.replace("_", " ")


@functools.cache
def time_zone_names() -> frozenset[str]:
    # "localtime" and the bare legacy aliases are not places a person would choose.
    return frozenset(name for name in available_timezones() if "/" in name or name == "UTC")


@functools.cache
def time_zone_choices() -> list[tuple[str, str | list[tuple[str, str]]]]:
    names = time_zone_names()
    common = [(name, time_zone_label(name)) for name in COMMON_TIME_ZONES if name in names]
    everything = [(name, time_zone_label(name)) for name in sorted(names)]
    return [
        ("", "Choose a time zone"),
        ("Common time zones", common),
        ("All time zones, A to Z", everything),
    ]


# --- Access ------------------------------------------------------------------------


def people_visible(*, user: User) -> QuerySet[Person]:
    """The people this account may see: its own, then those shared with it."""
    if not user.is_authenticated:
        return Person.objects.none()
    return Person.objects.filter(Q(account=user) | Q(memberships__user=user)).distinct()


def person_role(*, user: User, person: Person) -> str | None:
    """What this account may do: ROLE_MANAGE if it added the person, else its shared role."""
    if not user.is_authenticated:
        return None
    if person.account_id == user.pk:
        return ROLE_MANAGE
    membership = Membership.objects.filter(person=person, user=user).first()
    return membership.role if membership else None


def person_can_edit(*, user: User, person: Person) -> bool:
    return person_role(user=user, person=person) in {ROLE_MANAGE, Membership.EDIT}


def person_can_manage(*, user: User, person: Person) -> bool:
    """Only the account that added a person may delete them or decide who else has access."""
    return user.is_authenticated and person.account_id == user.pk


def person_get(*, user: User, person_id: int, edit: bool = False) -> Person:
    """The person, if this account may see them (404 otherwise; 403 when it may only view)."""
    person = people_visible(user=user).filter(pk=person_id).first()
    if person is None:
        raise Http404("No such person.")
    if edit and not person_can_edit(user=user, person=person):
        raise PermissionDenied("You can see this person's care but not change it.")
    return person


def person_current(request: HttpRequest) -> Person | None:
    """The person the signed-in account is looking after now (the first one by default)."""
    if hasattr(request, "_person_current"):
        return request._person_current  # type: ignore[attr-defined]
    person = None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        visible = people_visible(user=user)
        chosen = request.session.get(SESSION_KEY)
        if chosen is not None:
            person = visible.filter(pk=chosen).first()
        if person is None:
            person = visible.first()
    request._person_current = person  # type: ignore[attr-defined]
    return person


def person_choose(*, request: HttpRequest, person: Person) -> None:
    request.session[SESSION_KEY] = person.pk
    request._person_current = person  # type: ignore[attr-defined]


def person_prefs(*, person: Person, base: VisitorPrefs) -> VisitorPrefs:
    """The help numbers and pregnancy flag of a person, on top of the visitor's other choices."""
    return VisitorPrefs(
        emergency_number=person.emergency_number,
        poison_number=person.poison_number,
        team_day_number=person.team_day_number,
        team_after_hours_number=person.team_after_hours_number,
        pregnant_or_postpartum=person.pregnant_or_postpartum,
        product=base.product,
    )


def person_first_create(*, user: User, name: str, time_zone: str, prefs: VisitorPrefs) -> Person:
    """A new account's first person, with the help numbers the visitor already chose."""
    return Person.objects.create(
        account=user,
        name=name or FIRST_PERSON_NAME,
        time_zone=time_zone,
        emergency_number=prefs.emergency_number,
        poison_number=prefs.poison_number,
        team_day_number=prefs.team_day_number,
        team_after_hours_number=prefs.team_after_hours_number,
        pregnant_or_postpartum=prefs.pregnant_or_postpartum,
    )


def person_save(*, user: User, form: PersonForm) -> Person:
    person = form.save(commit=False)
    if person.account_id is None:
        person.account = user
    if person.fever_threshold is None:
        person.fever_unit = "C"
    person.save()
    return person


def person_delete(*, user: User, person: Person) -> None:
    if not person_can_manage(user=user, person=person):
        raise PermissionDenied("Only the account that added this person can remove them.")
    person.delete()


# --- Forms ---------------------------------------------------------------------------


class TimeZoneField(forms.ChoiceField):
    default_error_messages = {
        "invalid_choice": "Choose a time zone from the list.",
        "required": "Choose a time zone.",
    }

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("label", "Time zone")
        kwargs.setdefault("help_text", "Where this person lives. Reminders follow this clock.")
        super().__init__(choices=time_zone_choices, **kwargs)
        self.widget.attrs["data-guess-timezone"] = ""


class PersonForm(forms.ModelForm, VisitorPrefsForm):
    """Name, time zone, help numbers and what the care team told this person."""

    name = forms.CharField(
        label="Name or nickname",
        max_length=60,
        help_text="Only you see this. For example: Me, Mum or Leo.",
        error_messages={
            "required": "Enter a name or nickname.",
            "max_length": "Use a name of 60 characters or fewer.",
        },
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    time_zone = TimeZoneField()
    condition = forms.ChoiceField(
        label="Why they take the medicine (optional)",
        required=False,
        choices=[("", "Not saying"), *Person.CONDITIONS],
        help_text="This helps us show the right lessons.",
        error_messages={"invalid_choice": "Choose a reason from the list, or Not saying."},
    )
    fever_threshold = forms.DecimalField(
        label="Fever temperature from the care team (optional)",
        required=False,
        max_digits=4,
        decimal_places=1,
        help_text="Leave empty unless the care team gave you a temperature to call them at.",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={
            "invalid": "Enter the temperature as a number, like 37.8.",
            "max_digits": "Enter the temperature as a number, like 37.8.",
            "max_decimal_places": "Use at most 1 number after the decimal point, like 37.8.",
            "max_whole_digits": "Enter the temperature as a number, like 37.8.",
        },
    )
    fever_unit = forms.ChoiceField(
        label="Temperature unit",
        choices=Person.FEVER_UNITS,
        initial="C",
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose °C or °F.", "required": "Choose °C or °F."},
    )
    pregnant_or_postpartum = forms.BooleanField(
        label="Pregnant or gave birth in the last 6 weeks",
        required=False,
        help_text="This changes the blood pressure numbers we use.",
    )

    class Meta:
        model = Person
        fields = [
            "name",
            "time_zone",
            "emergency_number",
            "poison_number",
            "team_day_number",
            "team_after_hours_number",
            "condition",
            "fever_threshold",
            "fever_unit",
            "pregnant_or_postpartum",
        ]

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean(self) -> dict[str, object]:
        data = super().clean()
        threshold = data.get("fever_threshold")
        unit = data.get("fever_unit")
        if threshold is not None and unit in FEVER_INPUT_RANGE:
            low, high = FEVER_INPUT_RANGE[unit]
            if not low <= threshold <= high:
                symbol = dict(Person.FEVER_UNITS)[unit]
                self.add_error(
                    "fever_threshold",
                    f"Enter a temperature between {low} and {high} {symbol}, or check the unit.",
                )
        return data
