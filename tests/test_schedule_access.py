"""Another account gets 404 on every schedule, reminder, feed and dose URL, and changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from education import reminders
from education.models import DoseRecord, ReminderFeed, Schedule, ScheduledDose, ScheduleVersion
from tests.schedule_helpers import schedule_make
from tests.site_urls import PRIVATE

pytestmark = pytest.mark.django_db


@pytest.fixture
def leos_schedule(leo) -> Schedule:
    return schedule_make(leo, "voclosporin", start=dt.date(2026, 1, 1))


def requests_for(leo, schedule: Schedule) -> list[tuple[str, str, dict]]:
    dose = ScheduledDose.objects.filter(version__schedule=schedule).first()
    today = dt.date.today().isoformat()
    person, sid = leo.pk, schedule.pk
    new_dose = {
        "time_1": "09:00",
        "amount_1": "1",
        "time_2": "21:00",
        "amount_2": "1",
        "unit": "mg",
        "start": "2030-01-01",
    }
    return [
        ("get", reverse("schedules", args=[person]), {}),
        ("get", reverse("schedule-add", args=[person]) + "?product=voclosporin", {}),
        ("post", reverse("schedule-add", args=[person]) + "?product=voclosporin", new_dose),
        ("get", reverse("schedule-change", args=[person, sid]), {}),
        ("post", reverse("schedule-change", args=[person, sid]), new_dose),
        ("get", reverse("schedule-end", args=[person, sid]), {}),
        ("post", reverse("schedule-end", args=[person, sid]), {"end": "2026-02-01"}),
        ("get", reverse("reminders", args=[person]), {}),
        (
            "post",
            reverse("reminders", args=[person]),
            {"alarm_minutes": "5", "travel_mode": "local", "show_names": "on"},
        ),
        ("post", reverse("reminders-regenerate", args=[person]), {}),
        ("get", reverse("reminders-download", args=[person]), {}),
        ("post", reverse("dose-mark"), {"dose": dose.pk, "day": today, "status": "taken"}),
        ("post", reverse("dose-undo"), {"dose": dose.pk, "day": today}),
    ]


def snapshot() -> tuple:
    return (
        list(Schedule.objects.values()),
        list(ScheduleVersion.objects.values()),
        list(ScheduledDose.objects.values()),
        list(DoseRecord.objects.values()),
        list(ReminderFeed.objects.values()),
    )


def test_another_account_gets_404_on_every_private_url(
    intruder_client: Client, leo, leos_schedule
) -> None:
    reminders.feed_get(person=leo)
    DoseRecord.objects.create(
        dose=ScheduledDose.objects.first(),
        day=dt.date.today(),
        status="taken",
        marked_at=dt.datetime.now(dt.UTC),
    )
    before = snapshot()
    for method, url, data in requests_for(leo, leos_schedule):
        response = getattr(intruder_client, method)(url, data)
        assert response.status_code == 404, (
            f"{method.upper()} {url} answered {response.status_code}"
        )
    assert snapshot() == before


def test_the_owner_reaches_every_private_url(carer_client: Client, leo, leos_schedule) -> None:
    for method, url, data in requests_for(leo, leos_schedule):
        response = getattr(carer_client, method)(url, data)
        assert response.status_code in (200, 302), (
            f"{method.upper()} {url} answered {response.status_code}"
        )


def test_another_persons_schedule_under_my_person_is_404(
    carer_client: Client, leo, intruder
) -> None:
    theirs = schedule_make(intruder.people.get(), "voclosporin")
    for name in ("schedule-change", "schedule-end"):
        assert carer_client.get(reverse(name, args=[leo.pk, theirs.pk])).status_code == 404


def test_the_feed_with_a_wrong_token_is_404_and_with_the_right_one_needs_no_session(
    leo, leos_schedule
) -> None:
    client = Client()
    feed = reminders.feed_get(person=leo)
    right = reverse(
        "reminders-feed", kwargs={"person_id": leo.pk, "token": reminders.feed_token(feed=feed)}
    )
    wrong = reverse("reminders-feed", kwargs={"person_id": leo.pk, "token": "A" * 43})
    assert client.get(wrong).status_code == 404
    assert client.get(right).status_code == 200


def test_every_private_page_is_listed_for_the_site_walk() -> None:
    assert {
        "today",
        "schedules",
        "schedule-add",
        "schedule-change",
        "schedule-end",
        "reminders",
    } <= PRIVATE


@pytest.mark.parametrize(
    "name",
    [
        "today",
        "schedules",
        "schedule-add",
        "schedule-change",
        "schedule-end",
        "reminders",
        "reminders-download",
    ],
)
def test_private_pages_send_a_signed_out_visitor_to_sign_in(
    client: Client, leo, leos_schedule, name: str
) -> None:
    args = {
        "today": [],
        "schedules": [leo.pk],
        "schedule-add": [leo.pk],
        "reminders": [leo.pk],
        "reminders-download": [leo.pk],
    }
    url = reverse(name, args=args.get(name, [leo.pk, leos_schedule.pk]))
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_view_only_helper_sees_today_and_schedules_but_cannot_change_or_mark(
    intruder_client: Client, intruder, leo, leos_schedule
) -> None:
    from education.models import Membership

    Membership.objects.create(person=leo, user=intruder, role=Membership.VIEW)
    today_page = intruder_client.get(reverse("today")).content.decode()
    assert "Leo" in today_page and "Lupkynis (voclosporin)" in today_page
    assert 'value="taken"' not in today_page
    assert intruder_client.get(reverse("schedules", args=[leo.pk])).status_code == 200
    assert intruder_client.get(reverse("reminders", args=[leo.pk])).status_code == 200
    before = snapshot()
    for method, url, data in requests_for(leo, leos_schedule):
        if method == "post":
            assert getattr(intruder_client, method)(url, data).status_code == 403, url
    assert snapshot() == before


def test_a_helper_who_can_edit_may_mark_a_dose(
    intruder_client: Client, intruder, leo, leos_schedule
) -> None:
    from education.models import Membership

    Membership.objects.create(person=leo, user=intruder, role=Membership.EDIT)
    dose = ScheduledDose.objects.filter(version__schedule=leos_schedule).first()
    data = {"dose": dose.pk, "day": dt.date.today().isoformat(), "status": "taken"}
    assert intruder_client.post(reverse("dose-mark"), data).status_code == 302
    assert DoseRecord.objects.get().marked_by == intruder
