"""Every named URL, sorted into public pages the whole-site tests walk and the rest.

A new named URL must be added here, or the whole-site test fails: every page gets
checked for status, one <h1>, size and accessibility.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, reverse

# A lesson link that samples_create() makes, so its public pages can be walked.
SAMPLE_PACK_CODE = "KNQWERTY23"
SAMPLE_PACK_ITEMS = ["what-are-cnis", "voclosporin#missed-dose", "side-effects"]

# Public pages that take arguments: name -> sample arguments.
PUBLIC_WITH_ARGS: dict[str, list[tuple[str, ...]]] = {
    "learn-path": [("lupus-nephritis",), ("transplant",), ("eczema",), ("caregivers",)],
    "lesson": [("what-are-cnis",), ("voclosporin",), ("side-effects",)],
    # A link that does not work shows the "ask for a new link" page.
    "password_reset_confirm": [("MQ", "not-a-token")],
    "food-product": [
        ("voclosporin",),
        ("envarsus-xr",),
        ("tacrolimus-ir",),
        ("tacrolimus-ointment",),
    ],
    "symptom-checklist": [
        ("not-sure",),
        ("voclosporin",),
        ("tacrolimus-ir",),
        ("tacrolimus-ointment",),
    ],
    "pack": [(SAMPLE_PACK_CODE,)],
    "pack-lesson": [(SAMPLE_PACK_CODE, "1"), (SAMPLE_PACK_CODE, "2"), (SAMPLE_PACK_CODE, "3")],
}
# Not HTML pages, or answer only POST: covered by their own tests.
NOT_PAGES: set[str] = {
    "favicon",
    "robots",
    "lesson-check",
    "logout",
    "invitation",
    "symptom-result",
    "blood-pressure-result",
    "symptom-summary",
    # Calendar files: the feed opens with its secret link, the download needs an account;
    # tests/test_schedule_access.py and tests/test_reminders.py cover both.
    "reminders-feed",
    "reminders-download",
}


def _pack_for(person: Any) -> tuple[int]:
    """A lesson link owned by the person's account (which becomes an educator)."""
    from education.educators import code_new
    from education.models import EducatorProfile, LessonPack, PackItem

    EducatorProfile.objects.get_or_create(
        user=person.account, defaults={"display_name": "Nurse Ana"}
    )
    pack = LessonPack.objects.create(
        owner=person.account, code=code_new(), level="easy", audience="transplant"
    )
    PackItem.objects.create(pack=pack, position=1, lesson="tacrolimus")
    return (pack.pk,)


# Pages that need a signed-in account, walked by tests/test_private.py: signed out they
# send to sign-in; for the owner they answer; for any other account they are 404.
# Each maps to how its URL arguments are built from a person the owner looks after
# (create whatever the URL needs inside the function), or None when the page is about
# the signed-in account itself and takes no arguments.
PRIVATE_ARGS: dict[str, Callable[[Any], tuple[Any, ...]] | None] = {
    "people": None,
    "person-add": None,
    "password_change": None,
    "password_change_done": None,
    "person-edit": lambda person: (person.pk,),
    "person-remove": lambda person: (person.pk,),
    "person-choose": lambda person: (person.pk,),
    "person-sharing": lambda person: (person.pk,),
    "membership-remove": lambda person: (person.pk, membership_for(person).pk),
    "invitation-cancel": lambda person: (person.pk, invitation_for(person).pk),
    "today": None,
    "dose-mark": None,
    "dose-undo": None,
    "schedules": lambda person: (person.pk,),
    "schedule-add": lambda person: (person.pk,),
    "schedule-change": lambda person: (person.pk, schedule_for(person).pk),
    "schedule-end": lambda person: (person.pk, schedule_for(person).pk),
    "reminders": lambda person: (person.pk,),
    "reminders-regenerate": lambda person: (person.pk,),
    "educators": None,
    "educator-profile": None,
    "pack-new": None,
    "pack-edit": _pack_for,
    "pack-status": _pack_for,
    "pack-delete": _pack_for,
    "pack-handout": _pack_for,
    "symptom-diary": lambda person: (person.pk,),
    "symptom-diary-save": lambda person: (person.pk,),
    "refills": lambda person: (person.pk,),
    "refill-new": lambda person: (person.pk, schedule_for(person).pk),
    "labs": lambda person: (person.pk,),
    "lab-add": lambda person: (person.pk,),
    "lab-edit": lambda person: (person.pk, lab_for(person).pk),
    "lab-delete": lambda person: (person.pk, lab_for(person).pk),
    "checkups": lambda person: (person.pk, schedule_for(person).pk),
    "schedule-lab": lambda person: (person.pk, level_schedule_for(person).pk),
    "history": lambda person: (person.pk,),
    "history-print": lambda person: (person.pk,),
    "history-csv": lambda person: (person.pk,),
    "schedule-card": lambda person: (person.pk,),
}
PRIVATE: set[str] = set(PRIVATE_ARGS)
# Private URLs that answer only POST (no page of their own).
PRIVATE_POST_ONLY: set[str] = {
    "person-choose",
    "membership-remove",
    "invitation-cancel",
    "dose-mark",
    "dose-undo",
    "reminders-regenerate",
    "pack-status",
    "symptom-diary-save",
}
# Private pages that answer only GET: a POST is 405 for everyone, owner or not.
PRIVATE_GET_ONLY: set[str] = {"pack-handout"}
# Private downloads, not HTML pages: no <h1> or accessibility walk (tests/test_history.py).
PRIVATE_FILES: set[str] = {"history-csv"}


def membership_for(person: Any) -> Any:
    """A helper account with view access to the person."""
    from education.models import Membership
    from tests.helpers import account_create

    helper = account_create(f"helper-{person.pk}@example.org")
    return Membership.objects.create(person=person, user=helper, role=Membership.VIEW)


def invitation_for(person: Any) -> Any:
    from education.sharing import invitation_create

    invitation, _token = invitation_create(user=person.account, person=person, role="view")
    return invitation


def schedule_for(person: Any) -> Any:
    from tests.schedule_helpers import schedule_make

    return person.schedules.first() or schedule_make(person)


def lab_for(person: Any) -> Any:
    import datetime as dt

    from education.models import LabAppointment

    return person.lab_appointments.first() or LabAppointment.objects.create(
        person=person, day=dt.date(2026, 3, 2), time=dt.time(8, 30)
    )


def level_schedule_for(person: Any) -> Any:
    """A tacrolimus schedule: the blood-test question is asked only where there is a level test."""
    from tests.schedule_helpers import schedule_make

    found = person.schedules.filter(product="tacrolimus-ir").first()
    return found or schedule_make(person, "tacrolimus-ir")


def samples_create() -> None:
    """Rows that the public pages with sample arguments need (call inside a test's database)."""
    from django.contrib.auth import get_user_model

    from education.models import EducatorProfile, LessonPack, PackItem

    educator = get_user_model().objects.create_user("sample-educator", password="x" * 12)
    EducatorProfile.objects.create(
        user=educator, display_name="Nurse Sam Lee", clinic_name="Riverside Clinic"
    )
    pack = LessonPack.objects.create(
        owner=educator,
        code=SAMPLE_PACK_CODE,
        level="easy",
        audience="lupus-nephritis",
        note="Read these before your next visit.\nBring your questions.",
    )
    for position, value in enumerate(SAMPLE_PACK_ITEMS, start=1):
        lesson, _, section = value.partition("#")
        PackItem.objects.create(pack=pack, position=position, lesson=lesson, section=section)


def url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[URLPattern | URLResolver]) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif pattern.name:
                names.add(pattern.name)

    walk(get_resolver().url_patterns)
    return names


def public_pages() -> list[str]:
    urls = []
    for name in sorted(url_names() - NOT_PAGES - PRIVATE):
        for args in PUBLIC_WITH_ARGS.get(name, [()]):
            urls.append(reverse(name, args=args))
    return urls
