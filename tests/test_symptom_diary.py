"""The symptom diary: signed-in people save checks and see them; nobody else can."""

from __future__ import annotations

import pytest
from django.test import Client

from education.models import Membership, SymptomCheck
from tests.helpers import account_create, person_create

pytestmark = pytest.mark.django_db


def save_url(person: object) -> str:
    return f"/people/{person.pk}/symptoms/save/"  # type: ignore[attr-defined]


def diary_url(person: object) -> str:
    return f"/people/{person.pk}/symptoms/"  # type: ignore[attr-defined]


def test_a_signed_in_result_offers_to_save_to_the_diary(
    client: Client, account: object, person: object
) -> None:
    client.force_login(account)
    html = client.post("/symptoms/voclosporin/result/", {"symptoms": ["fever"]}).content.decode()
    assert f'action="{save_url(person)}"' in html
    html = client.post(
        "/symptoms/blood-pressure/result/", {"systolic": "150", "diastolic": "90"}
    ).content.decode()
    assert f'action="{save_url(person)}"' in html


def test_a_visitor_result_has_no_diary_button(client: Client) -> None:
    html = client.post("/symptoms/voclosporin/result/", {"symptoms": ["fever"]}).content.decode()
    assert "/symptoms/save/" not in html


def test_saving_a_check_keeps_the_ticks_the_tier_and_the_medicine(
    client: Client, account: object, person: object
) -> None:
    client.force_login(account)
    response = client.post(
        save_url(person), {"product": "voclosporin", "symptoms": ["fever", "seizure"]}
    )
    assert response.status_code == 302
    assert response["Location"] == diary_url(person)
    check = SymptomCheck.objects.get()
    assert check.person == person
    assert check.tier == "emergency"
    assert check.product == "voclosporin"
    assert check.symptoms == ["seizure", "fever"]
    html = client.get(diary_url(person)).content.decode()
    assert "Saved to Me&#x27;s symptom diary." in html
    assert "A seizure (fit)" in html
    assert "Lupkynis (voclosporin)" in html
    assert '<span class="badge badge-emergency">Emergency</span>' in html


def test_saving_a_blood_pressure_reading_keeps_both_readings(
    client: Client, account: object, person: object
) -> None:
    client.force_login(account)
    client.post(
        save_url(person),
        {"systolic": "185", "diastolic": "95", "systolic_2": "182", "diastolic_2": "96"},
    )
    check = SymptomCheck.objects.get()
    assert (check.systolic, check.diastolic, check.systolic_2, check.diastolic_2) == (
        185,
        95,
        182,
        96,
    )
    assert check.tier == "same-day"
    assert check.symptoms == []
    assert "185/95, then 182/96" in client.get(diary_url(person)).content.decode()


def test_a_reading_below_every_threshold_is_saved_without_a_tier(
    client: Client, account: object, person: object
) -> None:
    client.force_login(account)
    client.post(save_url(person), {"systolic": "120", "diastolic": "80"})
    assert SymptomCheck.objects.get().tier == ""
    assert "Below the numbers that need a call" in client.get(diary_url(person)).content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {"product": "voclosporin"},
        {"product": "voclosporin", "symptoms": ["no-such-symptom"]},
        {"systolic": "0", "diastolic": "80"},
        {"systolic": "90", "diastolic": "120"},
    ],
)
def test_saving_nothing_or_bad_input_stores_nothing(
    client: Client, account: object, person: object, data: dict[str, object]
) -> None:
    client.force_login(account)
    response = client.post(save_url(person), data)
    assert response.status_code == 400
    assert "nothing to show yet" in response.content.decode()
    assert SymptomCheck.objects.count() == 0


def test_saving_for_an_unknown_product_is_a_404(
    client: Client, account: object, person: object
) -> None:
    client.force_login(account)
    response = client.post(save_url(person), {"product": "aspirin", "symptoms": ["fever"]})
    assert response.status_code == 404
    assert SymptomCheck.objects.count() == 0


def test_another_account_can_neither_save_to_nor_read_the_diary(
    client: Client, person: object, stranger: object
) -> None:
    client.force_login(stranger)
    response = client.post(save_url(person), {"product": "voclosporin", "symptoms": ["fever"]})
    assert response.status_code == 404
    assert SymptomCheck.objects.count() == 0
    assert client.get(diary_url(person)).status_code == 404


def test_a_view_only_helper_reads_the_diary_but_cannot_save(client: Client, person: object) -> None:
    SymptomCheck.objects.create(person=person, tier="same-day", symptoms=["fever"])
    helper = account_create("helper@example.org")
    Membership.objects.create(person=person, user=helper, role=Membership.VIEW)
    client.force_login(helper)
    assert "A fever of 38.0" in client.get(diary_url(person)).content.decode()
    response = client.post(save_url(person), {"product": "voclosporin", "symptoms": ["fever"]})
    assert response.status_code == 403
    assert SymptomCheck.objects.count() == 1
    assert "Check symptoms for" not in client.get(diary_url(person)).content.decode()


def test_the_diary_shows_only_this_persons_checks(
    client: Client, account: object, person: object
) -> None:
    other = person_create(account=account, name="Mum")
    SymptomCheck.objects.create(person=other, tier="emergency", symptoms=["chest-pain"])
    SymptomCheck.objects.create(person=person, tier="next-visit", symptoms=["sleep"])
    client.force_login(account)
    html = client.get(diary_url(person)).content.decode()
    assert "Trouble sleeping" in html
    assert "Chest pain" not in html


def test_the_diary_shows_times_in_the_persons_own_time_zone(
    client: Client, account: object
) -> None:
    import datetime as dt

    tokyo = person_create(account=account, name="Ken", time_zone="Asia/Tokyo")
    check = SymptomCheck.objects.create(person=tokyo, tier="same-day", symptoms=["fever"])
    SymptomCheck.objects.filter(pk=check.pk).update(
        created=dt.datetime(2026, 12, 7, 23, 30, tzinfo=dt.UTC)
    )
    client.force_login(account)
    assert "8 December 2026, 08:30" in client.get(diary_url(tokyo)).content.decode()


def test_the_diary_starts_a_check_for_its_own_person_who_then_gets_the_save_button(
    client: Client, account: object, person: object
) -> None:
    mum = person_create(account=account, name="Mum")
    client.force_login(account)
    client.post(f"/people/{person.pk}/choose/")
    html = client.get(diary_url(mum)).content.decode()
    assert f'action="/people/{mum.pk}/choose/"' in html
    assert 'name="next" value="/symptoms/"' in html
    assert 'name="next" value="/symptoms/blood-pressure/"' in html
    response = client.post(f"/people/{mum.pk}/choose/", {"next": "/symptoms/blood-pressure/"})
    assert response["Location"] == "/symptoms/blood-pressure/"
    result = client.post(
        "/symptoms/blood-pressure/result/", {"systolic": "150", "diastolic": "90"}
    ).content.decode()
    assert f'action="{save_url(mum)}"' in result
