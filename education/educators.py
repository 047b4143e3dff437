"""Lesson links for educators: packs of lessons at a chosen level, shared by a short code.

An educator (an account with an EducatorProfile) picks lessons, or single sections of
lessons, in order, with a reading level, an audience and a short note. The pack is
shared as /l/<code>/, a QR code and a printed handout. Items are stored as lesson slugs
and section ids and resolved against the catalogue each time they are shown, so a
lesson that later leaves the site is skipped rather than breaking the link.
"""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass

import segno
from django import forms
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.http import Http404

from education import catalog
from education.models import EducatorProfile, LessonPack, PackItem
from education.preferences import LEVEL_LABELS, LEVELS

# No 0/O, 1/I/L: codes are read off paper and typed. Lookup ignores case, so lower-case
# l is excluded too by leaving out L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
MAX_ITEMS = 12  # what still fits on a one-page handout
NOTE_MAX = 500
SECTION_MARK = "#"
LEVEL_HINTS = {
    "easy": "short sentences and everyday words",
    "standard": "adds the reasons, with medical words explained",
    "detailed": "the full picture, for readers who want the why",
}

Status = LessonPack.Status


# --- Codes ------------------------------------------------------------------------


def code_new() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def code_normalize(code: str) -> str:
    """The stored form of a code as someone typed it: upper case, no spaces or dashes."""
    return "".join(ch for ch in code.upper() if ch not in " -")


# --- Items ------------------------------------------------------------------------


def item_value(lesson: str, section: str = "") -> str:
    return f"{lesson}{SECTION_MARK}{section}" if section else lesson


def item_split(value: str) -> tuple[str, str]:
    lesson, _, section = value.partition(SECTION_MARK)
    return lesson, section


@dataclass(frozen=True)
class PackEntry:
    """A pack item resolved against the current catalogue."""

    value: str
    lesson: catalog.Lesson
    section: catalog.Section | None

    @property
    def heading(self) -> catalog.Leveled:
        """What the entry is called in a list: the lesson's title or the section's heading."""
        return self.section.heading if self.section else self.lesson.title

    @property
    def sections(self) -> tuple[catalog.Section, ...]:
        return (self.section,) if self.section else self.lesson.sections

    def sources(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for section in self.sections:
            for key in section.sources:
                seen.setdefault(key, None)
        return tuple(seen)


def entry_resolve(value: str) -> PackEntry | None:
    """The lesson or section a stored item names, or None when it is not on the site."""
    slug, section_id = item_split(value)
    lesson = catalog.lessons_get().get(slug)
    if lesson is None:
        return None
    if not section_id:
        return PackEntry(value, lesson, None)
    section = lesson.section(section_id)
    return PackEntry(value, lesson, section) if section else None


def item_label(value: str) -> str:
    """How the educator sees an item in their list (standard-level words)."""
    entry = entry_resolve(value)
    if entry is None:
        return f"No longer on the site ({value})"
    if entry.section is None:
        return f"{entry.lesson.title.standard} (whole lesson)"
    return f"{entry.section.heading.standard}, from {entry.lesson.title.standard}"


def item_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for the "add a lesson" list: each lesson, then its sections."""
    groups = []
    for lesson in catalog.lessons_get().values():
        title = lesson.title.standard
        options = [(item_value(lesson.slug), f"{title}: whole lesson")]
        options += [
            (item_value(lesson.slug, s.id), f"{title}: {s.heading.standard}")
            for s in lesson.sections
        ]
        groups.append((title, options))
    return groups


def items_check(*, items: list[str]) -> list[str]:
    """Problems with an ordered list of items, in the words the educator will see."""
    problems = []
    if not items:
        problems.append("Add at least 1 lesson. A lesson link cannot be empty.")
    if len(items) > MAX_ITEMS:
        problems.append(f"A lesson link can hold up to {MAX_ITEMS} lessons and sections.")
    seen: set[str] = set()
    for value in items:
        if entry_resolve(value) is None:
            problems.append(f"{value!r} is not a lesson on this site. Remove it.")
        elif value in seen:
            problems.append(f"{item_label(value)} is in the list twice. Remove one.")
        else:
            slug, section = item_split(value)
            if section and slug in seen:
                problems.append(
                    f"{item_label(value)} is already part of a whole lesson in the list."
                )
        seen.add(value)
    return problems


def items_change(*, items: list[str], action: str, add: str = "") -> tuple[list[str], str]:
    """Apply one list edit ("add", "up-N", "down-N", "remove-N"; N counts from 1).

    Returns the new list and a problem to show beside the "add" list, if any. Unknown
    actions and positions leave the list as it was.
    """
    items = list(items)
    if action == "add":
        if not add:
            return items, "Choose a lesson or section from the list, then press Add."
        if entry_resolve(add) is None:
            return items, "Choose a lesson or section from the list."
        if add in items:
            return items, f"{item_label(add)} is already in the list."
        if len(items) >= MAX_ITEMS:
            return items, f"A lesson link can hold up to {MAX_ITEMS} lessons and sections."
        return [*items, add], ""
    verb, _, number = action.partition("-")
    if not number.isdigit() or not 1 <= int(number) <= len(items):
        return items, ""
    index = int(number) - 1
    if verb == "remove":
        del items[index]
    elif verb == "up" and index > 0:
        items[index - 1], items[index] = items[index], items[index - 1]
    elif verb == "down" and index + 1 < len(items):
        items[index + 1], items[index] = items[index], items[index + 1]
    return items, ""


# --- Profiles ---------------------------------------------------------------------


def profile_get(*, user: AbstractBaseUser | AnonymousUser) -> EducatorProfile | None:
    if not user.is_authenticated:
        return None
    return EducatorProfile.objects.filter(user=user).first()


def profile_save(
    *, user: AbstractBaseUser, display_name: str, clinic_name: str = ""
) -> EducatorProfile:
    profile, _ = EducatorProfile.objects.update_or_create(
        user=user, defaults={"display_name": display_name, "clinic_name": clinic_name}
    )
    return profile


# --- Packs ------------------------------------------------------------------------


def packs_list(*, user: AbstractBaseUser) -> QuerySet[LessonPack]:
    """The educator's packs, newest first, without deleted ones."""
    return (
        LessonPack.objects.filter(owner=user)
        .exclude(status=Status.DELETED)
        .prefetch_related("items")
    )


def pack_get(*, user: AbstractBaseUser, pack_id: int) -> LessonPack:
    """One of the educator's own packs; any other pack (or a deleted one) is a 404."""
    pack = packs_list(user=user).filter(pk=pack_id).first()
    if pack is None:
        raise Http404("No lesson link of yours with that number")
    return pack


def pack_find(*, code: str) -> LessonPack | None:
    """The pack a code names, in any state, whatever case it was typed in."""
    code = code_normalize(code)
    if len(code) != CODE_LENGTH or not set(code) <= set(CODE_ALPHABET):
        return None
    return LessonPack.objects.select_related("owner__educator_profile").filter(code=code).first()


def _items_store(pack: LessonPack, items: list[str]) -> None:
    problems = items_check(items=items)
    if problems:
        raise ValueError(" ".join(problems))
    pack.items.all().delete()
    PackItem.objects.bulk_create(
        PackItem(pack=pack, position=index, lesson=slug, section=section)
        for index, (slug, section) in enumerate(map(item_split, items), start=1)
    )


def _fields_check(level: str, audience: str, note: str) -> None:
    if level not in LEVELS:
        raise ValueError(f"unknown reading level {level!r}")
    if audience not in catalog.AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}")
    if len(note) > NOTE_MAX:
        raise ValueError(f"the note is longer than {NOTE_MAX} characters")


def pack_create(
    *, owner: AbstractBaseUser, level: str, audience: str, note: str, items: list[str]
) -> LessonPack:
    """A new active pack with a fresh random code; refuses bad items before saving any."""
    _fields_check(level, audience, note)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                pack = LessonPack.objects.create(
                    owner=owner, code=code_new(), level=level, audience=audience, note=note
                )
                _items_store(pack, items)
                return pack
        except IntegrityError:
            continue  # the code was taken: draw another
    raise RuntimeError("could not draw an unused code")


def pack_update(
    *, pack: LessonPack, level: str, audience: str, note: str, items: list[str]
) -> LessonPack:
    _fields_check(level, audience, note)
    with transaction.atomic():
        pack.level, pack.audience, pack.note = level, audience, note
        pack.save(update_fields=["level", "audience", "note", "updated"])
        _items_store(pack, items)
    return pack


def pack_status_set(*, pack: LessonPack, status: str) -> LessonPack:
    if status not in (Status.ACTIVE, Status.PAUSED):
        raise ValueError(f"a pack can be active or paused, not {status!r}")
    pack.status = status
    pack.save(update_fields=["status", "updated"])
    return pack


def pack_delete(*, pack: LessonPack) -> None:
    """Delete what the educator wrote and chose; keep the code so it answers "removed"."""
    with transaction.atomic():
        pack.items.all().delete()
        pack.status = Status.DELETED
        pack.note = ""
        pack.save(update_fields=["status", "note", "updated"])


def pack_values(pack: LessonPack) -> list[str]:
    return [item_value(item.lesson, item.section) for item in pack.items.all()]


def pack_entries(*, pack: LessonPack) -> list[PackEntry]:
    """The pack's items that are still on the site, in order."""
    return [e for e in map(entry_resolve, pack_values(pack)) if e is not None]


def pack_missing(*, pack: LessonPack) -> list[str]:
    """Stored items whose lesson or section is no longer on the site."""
    return [value for value in pack_values(pack) if entry_resolve(value) is None]


def pack_open_count(*, pack: LessonPack, viewer: AbstractBaseUser | AnonymousUser) -> None:
    """Count one opening of the link. Only a number is kept; the owner's own views don't count."""
    if viewer.is_authenticated and viewer.pk == pack.owner_id:
        return
    LessonPack.objects.filter(pk=pack.pk).update(opens=F("opens") + 1)


def pack_title(*, pack: LessonPack) -> str:
    return f"Lessons for you: {catalog.AUDIENCES.get(pack.audience, 'your medicine')}"


def pack_qr_svg(*, url: str) -> str:
    """An inline SVG QR code for the link (black on white, so it scans in dark mode too)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer,
        kind="svg",
        xmldecl=False,
        svgns=False,
        omitsize=True,
        dark="#000",
        light="#fff",
        svgclass="qr",
        lineclass=None,
        title=None,
    )
    return buffer.getvalue().decode()


# --- Forms ------------------------------------------------------------------------


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label="Your name, as patients will see it",
        max_length=80,
        help_text="For example: Nurse Sam Lee.",
        error_messages={
            "required": "Enter your name as patients will see it.",
            "max_length": "Keep your name to 80 characters or fewer.",
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    clinic_name = forms.CharField(
        label="Clinic name (optional)",
        max_length=120,
        required=False,
        help_text="Shown under your name on lesson links and handouts.",
        error_messages={"max_length": "Keep the clinic name to 120 characters or fewer."},
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )


class ItemsField(forms.MultipleChoiceField):
    """The ordered list of chosen items, carried in hidden inputs between edits."""

    widget = forms.MultipleHiddenInput

    def valid_value(self, value: str) -> bool:
        return entry_resolve(value) is not None


class PackForm(forms.Form):
    add = forms.ChoiceField(
        label="Add a lesson or part of a lesson",
        required=False,
        help_text="Choose one, then press Add. Add as many as you need, in reading order.",
    )
    items = ItemsField(
        required=False,
        error_messages={"invalid_choice": "%(value)s is not a lesson on this site. Remove it."},
    )
    level = forms.ChoiceField(
        label="Reading level",
        widget=forms.RadioSelect,
        choices=[(level, f"{LEVEL_LABELS[level]}: {LEVEL_HINTS[level]}") for level in LEVELS],
        help_text="The patient sees this level first and can still change it.",
        error_messages={"required": "Choose a reading level."},
    )
    audience = forms.ChoiceField(
        label="Who is it for?",
        widget=forms.RadioSelect,
        choices=list(catalog.AUDIENCES.items()),
        error_messages={"required": "Choose who the lessons are for."},
    )
    note = forms.CharField(
        label="A note to the patient (optional)",
        required=False,
        max_length=NOTE_MAX,
        strip=True,
        help_text=f"Plain text, up to {NOTE_MAX} characters. Do not include the patient's name.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["add"].choices = [("", "Choose a lesson…"), *item_choices()]
        self.fields["note"].error_messages["max_length"] = (
            f"Keep the note to {NOTE_MAX} characters or fewer. It has %(show_value)d now."
        )

    def clean(self) -> dict[str, object]:
        data = super().clean()
        if "items" in data:
            for problem in items_check(items=data["items"]):
                self.add_error("add", problem)
        return data


class PackStatusForm(forms.Form):
    status = forms.ChoiceField(choices=[(Status.ACTIVE, "Resume"), (Status.PAUSED, "Pause")])


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="It is on your handout, after /l/. Capital or small letters both work.",
        error_messages={"required": "Enter the code from your handout."},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
