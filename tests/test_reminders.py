"""The private calendar feed: link, token, settings, download, regeneration."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from education import reminders
from education.models import ReminderFeed
from tests.schedule_helpers import schedule_make

pytestmark = pytest.mark.django_db


def feed_url(feed: ReminderFeed) -> str:
    token = reminders.feed_token(feed=feed)
    return reverse("reminders-feed", kwargs={"person_id": feed.person_id, "token": token})


def test_the_token_has_at_least_128_bits_and_only_its_hash_is_stored(leo) -> None:
    feed = reminders.feed_get(person=leo)
    token = reminders.feed_token(feed=feed)
    assert len(token) >= 43  # 256 bits in URL-safe base64
    assert feed.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = ReminderFeed.objects.filter(pk=feed.pk).values().get()
    assert token not in {str(value) for value in stored.values()}


def test_each_person_gets_their_own_unguessable_link(carer, leo) -> None:
    from tests.schedule_helpers import person_make

    mum = person_make(carer, "Mum")
    one, two = reminders.feed_get(person=leo), reminders.feed_get(person=mum)
    assert reminders.feed_token(feed=one) != reminders.feed_token(feed=two)
    assert reminders.feed_get(person=leo).token_hash == one.token_hash, "stable until regenerated"


def test_the_feed_answers_with_a_calendar_for_the_right_link(client: Client, leo) -> None:
    schedule_make(leo, "voclosporin")
    schedule_make(leo, "envarsus-xr", times=("09:00",))
    response = client.get(feed_url(reminders.feed_get(person=leo)))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 3
    assert {str(e["SUMMARY"]) for e in events} == {"Medicine reminder"}
    assert "http://testserver/today/" in str(events[0]["DESCRIPTION"])


@pytest.mark.parametrize(
    "change",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: token[:20],
        lambda token: "",
        lambda token: "x" * 43,
    ],
)
def test_a_wrong_token_gets_404(client: Client, leo, change) -> None:
    feed = reminders.feed_get(person=leo)
    token = change(reminders.feed_token(feed=feed)) or "nothing"
    url = reverse("reminders-feed", kwargs={"person_id": leo.pk, "token": token})
    assert client.get(url).status_code == 404


def test_a_right_token_for_another_person_gets_404(client: Client, leo, intruder) -> None:
    other = intruder.people.get()
    token = reminders.feed_token(feed=reminders.feed_get(person=other))
    url = reverse("reminders-feed", kwargs={"person_id": leo.pk, "token": token})
    assert client.get(url).status_code == 404


def test_regenerating_kills_the_old_link(carer_client, leo) -> None:
    old = feed_url(reminders.feed_get(person=leo))
    response = carer_client.post(reverse("reminders-regenerate", args=[leo.pk]))
    assert response.status_code == 302
    new = feed_url(reminders.feed_get(person=leo))
    assert new != old
    assert carer_client.get(old).status_code == 404
    assert carer_client.get(new).status_code == 200


def test_a_changed_server_secret_gives_a_working_new_link(leo, settings) -> None:
    old = reminders.feed_token(feed=reminders.feed_get(person=leo))
    settings.SECRET_KEY = "another-secret-for-this-test-only-0123456789"
    feed = reminders.feed_get(person=leo)
    token = reminders.feed_token(feed=feed)
    assert token != old
    assert reminders.feed_find(person_id=leo.pk, token=token) == feed
    assert reminders.feed_find(person_id=leo.pk, token=old) is None


def test_the_reminders_page_shows_webcal_and_https_links_and_help(carer_client, leo) -> None:
    schedule_make(leo)
    response = carer_client.get(reverse("reminders", args=[leo.pk]) + "?level=easy")
    html = response.content.decode()
    token = reminders.feed_token(feed=reminders.feed_get(person=leo))
    assert response.status_code == 200
    assert f'value="webcal://testserver/reminders/feed/{leo.pk}/{token}.ics"' in html
    assert f'href="http://testserver/reminders/feed/{leo.pk}/{token}.ics"' in html
    assert "Copy calendar link" in html
    for title in ("iPhone or iPad", "Android (Google Calendar)", "Outlook"):
        assert f"<summary>{title}</summary>" in html
    assert "Open Settings. Tap Calendar, then Accounts." in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_the_subscription_help_follows_the_reading_level(carer_client, leo) -> None:
    url = reverse("reminders", args=[leo.pk])
    detailed = carer_client.get(url + "?level=detailed").content.decode()
    assert "iOS asks whether to subscribe" in detailed
    assert "Open Settings. Tap Calendar, then Accounts." not in detailed


def test_the_medicine_name_in_the_calendar_is_an_opt_in(carer_client, leo) -> None:
    schedule_make(leo)
    feed = reminders.feed_get(person=leo)
    assert b"Lupkynis" not in carer_client.get(feed_url(feed)).content
    response = carer_client.post(
        reverse("reminders", args=[leo.pk]),
        {"alarm_minutes": "10", "travel_mode": "home", "show_names": "on"},
    )
    assert response.status_code == 302
    body = carer_client.get(feed_url(feed)).content.decode()
    assert "SUMMARY:Lupkynis (voclosporin): 3 capsules" in body
    assert "TRIGGER:-PT10M" in body


def test_follow_local_time_makes_floating_reminders(carer_client, leo) -> None:
    schedule_make(leo)
    feed = reminders.feed_get(person=leo)
    carer_client.post(
        reverse("reminders", args=[leo.pk]), {"alarm_minutes": "15", "travel_mode": "local"}
    )
    body = carer_client.get(feed_url(feed)).content
    assert b"TZID" not in body and b"DTSTART:20260101T080000" in body


@pytest.mark.parametrize("minutes", ["31", "-1", "soon"])
def test_an_alarm_outside_0_to_30_minutes_is_refused(carer_client, leo, minutes: str) -> None:
    response = carer_client.post(
        reverse("reminders", args=[leo.pk]), {"alarm_minutes": minutes, "travel_mode": "home"}
    )
    assert response.status_code == 200
    assert "<title>Error:" in response.content.decode()
    assert reminders.feed_get(person=leo).alarm_minutes == 15


def test_the_one_off_download_is_the_same_calendar_as_an_attachment(carer_client, leo) -> None:
    schedule_make(leo)
    response = carer_client.get(reverse("reminders-download", args=[leo.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="medicine-reminders.ics"'
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [e["DTSTART"].dt.time() for e in events] == [dt.time(8), dt.time(20)]
