"""A person's private reminder feed: its secret link, its settings, and its events.

The link carries a 256-bit token. The database stores only its SHA-256 hash; the token
is an HMAC of the person and a random nonce under the server secret, so the page can
show the same link again, a database copy alone cannot rebuild it, and a new nonce
kills the old link at once. Tokens are compared in constant time.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets

from django import forms
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from education import calendar_feed, catalog, labs, refills
from education.models import Person, ReminderFeed, ScheduledDose
from education.schedules import alarm_validate, schedule_text

FEED_LINK_PURPOSE = "education.reminder-feed"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def feed_token(*, feed: ReminderFeed) -> str:
    message = f"{FEED_LINK_PURPOSE}:{feed.person_id}:{feed.nonce}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _nonce_set(feed: ReminderFeed) -> None:
    feed.nonce = secrets.token_hex(16)
    feed.token_hash = token_hash(feed_token(feed=feed))


def feed_get(*, person: Person) -> ReminderFeed:
    """The person's feed, made on first use."""
    feed = ReminderFeed.objects.filter(person=person).first()
    if feed is None:
        feed = ReminderFeed(person=person, alarm_minutes=schedule_text().alarm_minutes_default)
        _nonce_set(feed)
        feed.save()
    elif not hmac.compare_digest(feed.token_hash, token_hash(feed_token(feed=feed))):
        # The server secret changed, so the old link is dead anyway: issue a working one.
        _nonce_set(feed)
        feed.save(update_fields=["nonce", "token_hash", "updated"])
    return feed


def feed_regenerate(*, person: Person) -> ReminderFeed:
    with transaction.atomic():
        feed = feed_get(person=person)
        _nonce_set(feed)
        feed.save(update_fields=["nonce", "token_hash", "updated"])
    return feed


def feed_find(*, person_id: int, token: str) -> ReminderFeed | None:
    """The feed this link opens, or None; the same work is done whether or not it exists."""
    feed = ReminderFeed.objects.select_related("person").filter(person_id=person_id).first()
    stored = feed.token_hash if feed is not None else "0" * 64
    if hmac.compare_digest(stored, token_hash(token)) and feed is not None:
        return feed
    return None


def feed_doses(*, person: Person) -> list[calendar_feed.FeedDose]:
    medicines = catalog.medicines_get()
    doses = []
    rows = ScheduledDose.objects.filter(version__schedule__person=person).select_related(
        "version__schedule"
    )
    for dose in rows:
        version = dose.version
        medicine = medicines.get(version.schedule.product)
        if medicine is None:
            continue
        doses.append(
            calendar_feed.FeedDose(
                uid=f"{version.schedule_id}-{version.pk}-{dose.time:%H%M}",
                medicine=medicine,
                time=dose.time,
                amount=dose.amount_words,
                start=version.start,
                end=version.end,
                note=version.note,
            )
        )
    return doses


def feed_render(*, feed: ReminderFeed, today_url: str, stamp: dt.datetime | None = None) -> bytes:
    stamp = stamp or timezone.now()
    calendar = calendar_feed.feed_build(
        doses=feed_doses(person=feed.person),
        time_zone=feed.person.time_zone,
        follow_local_time=feed.travel_mode == "local",
        show_names=feed.show_names,
        alarm_minutes=feed.alarm_minutes,
        stamp=stamp,
        today_url=today_url,
        refills=refills.refill_feed(person=feed.person, show_names=feed.show_names, now=stamp),
    )
    calendar_feed.lab_events_add(
        calendar,
        labs=labs.feed_labs(person=feed.person, show_names=feed.show_names, today_url=today_url),
        time_zone=feed.person.time_zone,
        follow_local_time=feed.travel_mode == "local",
        stamp=stamp,
    )
    return calendar.to_ical()


class FeedSettingsForm(forms.ModelForm):
    class Meta:
        model = ReminderFeed
        fields = ["alarm_minutes", "travel_mode", "show_names"]
        labels = {
            "alarm_minutes": "Remind me this many minutes before each dose",
            "travel_mode": "When you travel",
            "show_names": "Show the medicine name and dose in the calendar",
        }
        help_texts = {
            "alarm_minutes": "From 0 to 30. Use 0 for a reminder at the dose time.",
            "travel_mode": "Keep my home times: reminders stay at the times of home. "
            "Follow local time: reminders move to the same clock time wherever you are.",
            "show_names": "Calendars are often shared with family or work. "
            "Leave this off to show only “Medicine reminder”.",
        }
        widgets = {
            "alarm_minutes": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": 30}),
            "travel_mode": forms.RadioSelect,
        }

    def clean_alarm_minutes(self) -> int:
        minutes = self.cleaned_data["alarm_minutes"]
        problems = alarm_validate(minutes=minutes)
        if problems:
            raise forms.ValidationError(problems[0].message)
        return minutes
