"""Schedule pages: add, change the dose from a date, stop; bad input refused, nothing saved."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from education.models import Schedule, ScheduledDose, ScheduleVersion
from tests.schedule_helpers import schedule_make

pytestmark = pytest.mark.django_db


def add_url(person: object, product: str = "") -> str:
    url = reverse("schedule-add", args=[person.pk])  # type: ignore[attr-defined]
    return f"{url}?product={product}" if product else url


def post_add(client: Client, person: object, product: str, **fields: str):
    data = {
        "time_1": "08:00",
        "amount_1": "3",
        "time_2": "20:00",
        "amount_2": "3",
        "unit": "capsules",
        "start": "2026-03-01",
        **fields,
    }
    return client.post(add_url(person, product), data)


def errors(response) -> list[str]:
    html = response.content.decode()
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    assert summary, "no error summary on the page"
    return [
        re.sub(r"<[^>]+>", "", item).strip()
        for item in re.findall(r"<li>(.*?)</li>", summary.group(0), re.S)
    ]


def test_the_schedules_page_lists_each_medicine_with_its_dose_history(carer_client, leo) -> None:
    schedule = schedule_make(leo, "tacrolimus-ir")
    version = schedule.versions.get()
    version.end = dt.date(2026, 3, 11)
    version.save()
    ScheduleVersion.objects.create(schedule=schedule, start=dt.date(2026, 3, 12))
    response = carer_client.get(reverse("schedules", args=[leo.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Medicines for Leo</h1>" in html
    assert "08:00: 3 mg; 20:00: 3 mg." in html
    assert "From 1 January 2026 until 11 March 2026." in html
    assert "From 12 March 2026." in html


def test_adding_starts_by_choosing_the_medicine(carer_client, leo) -> None:
    response = carer_client.get(add_url(leo))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="product"' in html and "Lupkynis (voclosporin)" in html


def test_an_unknown_product_is_refused_on_the_form(carer_client, leo) -> None:
    response = carer_client.get(add_url(leo, "aspirin"))
    assert response.status_code == 200
    assert errors(response) == ["Choose a medicine from the list."]
    assert "<title>Error:" in response.content.decode()


def test_the_dose_form_suggests_the_products_times_and_rules(carer_client, leo) -> None:
    html = carer_client.get(add_url(leo, "voclosporin")).content.decode()
    assert 'name="time_1" value="08:00"' in html and 'name="time_2" value="20:00"' in html
    assert "2 times a day: keep doses about 12 hours apart." in html
    assert "Take it with an empty stomach." in html
    assert 'name="team_window_hours"' not in html


def test_the_dose_form_asks_the_team_window_for_twice_daily_tacrolimus(carer_client, leo) -> None:
    html = carer_client.get(add_url(leo, "tacrolimus-ir")).content.decode()
    assert 'name="team_window_hours"' in html
    assert "Ask your care team how late a dose can be" in html


def test_cyclosporine_offers_a_third_dose_time(carer_client, leo) -> None:
    html = carer_client.get(add_url(leo, "cyclosporine-modified")).content.decode()
    assert 'name="time_3"' in html


def test_a_valid_voclosporin_schedule_is_saved(carer_client, leo) -> None:
    response = post_add(carer_client, leo, "voclosporin")
    assert response.status_code == 302
    assert response["Location"] == reverse("schedules", args=[leo.pk])
    schedule = Schedule.objects.get(person=leo)
    assert schedule.product == "voclosporin"
    version = schedule.versions.get()
    assert version.start == dt.date(2026, 3, 1) and version.end is None
    assert [(d.time, d.amount_words) for d in version.doses.all()] == [
        (dt.time(8), "3 capsules"),
        (dt.time(20), "3 capsules"),
    ]


def test_morning_and_evening_amounts_may_differ(carer_client, leo) -> None:
    post_add(carer_client, leo, "tacrolimus-ir", amount_1="2.5", amount_2="2", unit="mg")
    doses = ScheduledDose.objects.filter(version__schedule__person=leo)
    assert [d.amount_words for d in doses] == ["2.5 mg", "2 mg"]


BAD_INPUT = [
    (
        "voclosporin",
        {"time_2": "15:00"},
        "time_1",
        "Lupkynis doses must be at least 8 hours apart.",
    ),
    ("voclosporin", {"time_2": "25:00"}, "time_2", "Enter the time as hours and minutes"),
    ("voclosporin", {"time_2": "08:00"}, "time_1", "Two doses have the same time, 08:00."),
    ("voclosporin", {"end": "2026-02-01"}, "end", "The end date must be the same as or after"),
    (
        "voclosporin",
        {"amount_1": "0"},
        "amount_1",
        "Enter the dose for 08:00 as a number bigger than 0",
    ),
    ("voclosporin", {"amount_1": "lots"}, "amount_1", "Enter the dose for 08:00 as a number"),
    ("voclosporin", {"unit": ""}, "unit", "Enter what the dose is measured in"),
    ("voclosporin", {"start": ""}, "start", "Enter the date this dose starts"),
    ("voclosporin", {"time_2": "", "amount_2": ""}, "time_1", "Lupkynis is taken 2 times a day."),
    (
        "astagraf-xl",
        {"time_1": "20:00", "time_2": "", "amount_2": ""},
        "time_1",
        "Take Astagraf XL every morning.",
    ),
    ("tacrolimus-ir", {"team_window_hours": "9"}, "team_window_hours", "from 1 to 6"),
    ("tacrolimus-ir", {"team_window_hours": "soon"}, "team_window_hours", "Enter a number"),
]


@pytest.mark.parametrize(("product", "fields", "field", "message"), BAD_INPUT)
def test_bad_input_gets_a_clear_message_and_nothing_is_saved(
    carer_client, leo, product: str, fields: dict[str, str], field: str, message: str
) -> None:
    response = post_add(carer_client, leo, product, **fields)
    assert response.status_code == 200
    html = response.content.decode()
    assert any(message in error for error in errors(response)), errors(response)
    assert f'id="id_{field}_error"' in html
    assert html.count("<title>Error:") == 1
    assert Schedule.objects.count() == 0 and ScheduledDose.objects.count() == 0
    for value in fields.values():
        if value:
            assert f'value="{value}"' in html, "what the person typed is kept"


def test_a_second_schedule_of_the_same_product_that_overlaps_is_refused(carer_client, leo) -> None:
    schedule_make(leo, "voclosporin", start=dt.date(2026, 1, 1))
    response = post_add(carer_client, leo, "voclosporin", start="2026-04-01")
    assert errors(response) == [
        "This dose overlaps the dose from 1 January 2026. "
        "Change the dose from a later date, or end the other one first."
    ]
    assert Schedule.objects.count() == 1


def test_changing_the_dose_from_a_date_keeps_the_history(carer_client, leo) -> None:
    schedule = schedule_make(leo, "tacrolimus-ir", start=dt.date(2026, 1, 1))
    url = reverse("schedule-change", args=[leo.pk, schedule.pk])
    form = carer_client.get(url).content.decode()
    assert 'name="amount_1" value="3"' in form and 'name="unit"' in form
    response = carer_client.post(
        url,
        {
            "time_1": "08:00",
            "amount_1": "1.5",
            "time_2": "20:00",
            "amount_2": "1.5",
            "unit": "mg",
            "start": "2026-03-12",
        },
    )
    assert response.status_code == 302
    old, new = schedule.versions.order_by("start")
    assert (old.start, old.end) == (dt.date(2026, 1, 1), dt.date(2026, 3, 11))
    assert (new.start, new.end) == (dt.date(2026, 3, 12), None)
    assert [d.amount_words for d in old.doses.all()] == ["3 mg", "3 mg"]
    assert [d.amount_words for d in new.doses.all()] == ["1.5 mg", "1.5 mg"]
    page = carer_client.get(reverse("schedules", args=[leo.pk])).content.decode()
    assert "until 11 March 2026" in page and "20:00: 1.5 mg" in page


def test_a_dose_change_must_start_after_the_current_dose(carer_client, leo) -> None:
    schedule = schedule_make(leo, "voclosporin", start=dt.date(2026, 3, 1))
    response = carer_client.post(
        reverse("schedule-change", args=[leo.pk, schedule.pk]),
        {
            "time_1": "08:00",
            "amount_1": "2",
            "time_2": "20:00",
            "amount_2": "2",
            "unit": "capsules",
            "start": "2026-02-01",
        },
    )
    assert errors(response) == [
        "The new dose must start after 1 March 2026, when the current dose started."
    ]
    assert schedule.versions.count() == 1


def test_a_dose_change_that_overlaps_a_later_version_is_refused(carer_client, leo) -> None:
    schedule = schedule_make(leo, "voclosporin", start=dt.date(2026, 1, 1))
    schedule_make(leo, "voclosporin", start=dt.date(2027, 1, 1))  # a later, separate course
    v1 = schedule.versions.get()
    v1.end = dt.date(2026, 6, 30)
    v1.save()
    response = carer_client.post(
        reverse("schedule-change", args=[leo.pk, schedule.pk]),
        {
            "time_1": "08:00",
            "amount_1": "2",
            "time_2": "20:00",
            "amount_2": "2",
            "unit": "capsules",
            "start": "2026-03-01",
        },
    )
    assert errors(response) == [
        "This dose overlaps the dose from 1 January 2027. "
        "Change the dose from a later date, or end the other one first."
    ]
    assert ScheduleVersion.objects.count() == 2


def test_stopping_a_medicine_sets_the_last_day(carer_client, leo) -> None:
    schedule = schedule_make(leo, "voclosporin", start=dt.date(2026, 1, 1))
    url = reverse("schedule-end", args=[leo.pk, schedule.pk])
    assert carer_client.get(url).status_code == 200
    assert carer_client.post(url, {"end": "2026-05-31"}).status_code == 302
    assert schedule.versions.get().end == dt.date(2026, 5, 31)


def test_a_last_day_before_the_start_is_refused(carer_client, leo) -> None:
    schedule = schedule_make(leo, "voclosporin", start=dt.date(2026, 3, 1))
    response = carer_client.post(
        reverse("schedule-end", args=[leo.pk, schedule.pk]), {"end": "2026-01-01"}
    )
    assert errors(response) == ["The end date must be the same as or after the start date."]
    assert schedule.versions.get().end is None
