"""Blood-test days: the reminder for each answer, the voclosporin check-ups, the pages."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from education import catalog, labs
from education.models import LabAnswer, LabAppointment, Membership
from tests.schedule_helpers import schedule_make

pytestmark = pytest.mark.django_db
NEW_YORK = ZoneInfo("America/New_York")
LAB_DAY = dt.date(2026, 5, 4)


def medicine(slug: str) -> catalog.Medicine:
    return catalog.medicines_get()[slug]


def words(key: str, level: str = "standard") -> str:
    return catalog.plain_text(labs.lab_text().reminders[key].text.at(level))


def reminder_words(person, day: dt.date = LAB_DAY) -> str:
    parts = []
    for reminder in labs.lab_reminders(person=person, day=day):
        parts += [catalog.plain_text(t.text.standard) for t in reminder.texts]
    return " ".join(parts)


@pytest.fixture
def viewer_client(leo) -> Client:
    from tests.helpers import account_create

    viewer = account_create("viewer@example.org")
    Membership.objects.create(person=leo, user=viewer, role=Membership.VIEW)
    client = Client()
    client.force_login(viewer)
    return client


def appointment(person, day: dt.date = LAB_DAY, **fields) -> LabAppointment:
    values = {"time": dt.time(8, 30), **fields}
    return LabAppointment.objects.create(person=person, day=day, **values)


# --- Which words the reminder uses ----------------------------------------------------------


def test_unanswered_tacrolimus_says_bring_the_dose_and_check_with_your_team() -> None:
    keys = labs.reminder_keys(medicine=medicine("tacrolimus-ir"))
    assert keys == ["unanswered"]
    text = words("unanswered")
    assert "bring your dose and take it right after the blood draw" in text
    assert "Check with yours" in text


def test_no_unanswered_reminder_tells_anyone_to_dose_before_a_level_check() -> None:
    for slug in ("tacrolimus-ir", "envarsus-xr", "astagraf-xl", "cyclosporine-modified"):
        for key in labs.reminder_keys(medicine=medicine(slug)):
            for level in ("easy", "standard", "detailed"):
                text = words(key, level).lower()
                assert "before the blood" not in text
                assert "before the test" not in text
                assert "before this blood" not in text


def test_answered_after_says_bring_the_dose_and_take_it_right_after_the_draw() -> None:
    keys = labs.reminder_keys(medicine=medicine("tacrolimus-ir"), dose_timing="after")
    assert keys == ["after"]
    assert "take it right after the blood draw" in words("after")
    assert "Bring it with you" in words("after")


def test_answered_before_follows_the_team_and_adds_no_timing_of_its_own() -> None:
    keys = labs.reminder_keys(medicine=medicine("tacrolimus-ir"), dose_timing="before")
    assert keys == ["before"]
    for level in ("easy", "standard", "detailed"):
        text = words("before", level)
        assert "ask your care team" in text
        assert "hour" not in text


def test_a_c2_cyclosporine_level_says_usual_time_and_blood_exactly_2_hours_later() -> None:
    for timing in ("", "before", "after"):
        keys = labs.reminder_keys(
            medicine=medicine("cyclosporine-modified"), dose_timing=timing, level_type="c2"
        )
        assert keys == ["c2"]
    text = words("c2")
    assert "Take your dose at the usual time" in text
    assert "exactly 2 hours later" in text


def test_cyclosporine_without_a_level_type_asks_which_level_it_is() -> None:
    keys = labs.reminder_keys(medicine=medicine("cyclosporine-modified"), dose_timing="after")
    assert keys == ["after", "level_type_unknown"]
    assert "2 hours after a dose" in words("level_type_unknown")
    trough = labs.reminder_keys(
        medicine=medicine("cyclosporine-modified"), dose_timing="after", level_type="trough"
    )
    assert trough == ["after"]


def test_once_daily_tacrolimus_says_the_level_is_just_before_the_next_morning_dose() -> None:
    for slug in ("envarsus-xr", "astagraf-xl"):
        assert labs.reminder_keys(medicine=medicine(slug)) == ["unanswered", "once_daily"]
        after = labs.reminder_keys(medicine=medicine(slug), dose_timing="after")
        assert after == ["after", "once_daily"]
    assert "just before your next morning dose" in words("once_daily")
    assert "once_daily" not in labs.reminder_keys(medicine=medicine("tacrolimus-ir"))


def test_voclosporin_lab_days_are_kidney_and_blood_pressure_checks_not_levels() -> None:
    assert labs.reminder_keys(medicine=medicine("voclosporin")) == ["voclosporin"]
    text = words("voclosporin")
    assert "kidneys" in text and "blood pressure" in text
    assert "does not need a blood test for the amount of medicine" in text
    assert labs.reminder_keys(medicine=medicine("tacrolimus-ointment")) == []


def test_the_reminder_on_a_day_follows_the_answer_saved_on_the_schedule(leo) -> None:
    schedule = schedule_make(leo, "tacrolimus-ir")
    assert reminder_words(leo) == words("unanswered")
    labs.lab_answer_save(schedule=schedule, dose_timing="after")
    assert reminder_words(leo) == words("after")
    labs.lab_answer_save(schedule=schedule, dose_timing="before")
    assert reminder_words(leo) == words("before")


def test_a_schedule_that_has_ended_or_not_started_adds_no_reminder(leo) -> None:
    schedule_make(leo, "tacrolimus-ir", start=dt.date(2026, 6, 1))
    assert reminder_words(leo) == words("no_medicine")


# --- The voclosporin check-up series -----------------------------------------------------


def test_voclosporin_check_ups_every_2_weeks_for_a_month_then_every_4_weeks() -> None:
    start = dt.date(2026, 1, 5)
    dates = labs.checkup_dates(product="voclosporin", start=start)
    assert [(c.day - start).days for c in dates] == [14, 28, *range(56, 365, 28)]
    assert [c.kind for c in dates[:2]] == ["kidney-bp", "kidney-bp"]
    assert {c.kind for c in dates[2:]} == {"kidney"}
    assert dates[0].day == dt.date(2026, 1, 19)
    assert dates[2].day == dt.date(2026, 3, 2)
    assert labs.checkup_dates(product="tacrolimus-ir", start=start) == []


def test_the_offer_leaves_out_dates_already_past_and_goes_once_accepted(leo) -> None:
    schedule = schedule_make(leo, "voclosporin", start=dt.date(2026, 1, 5))
    offered = labs.checkups_offer(schedule=schedule, today=dt.date(2026, 2, 10))
    assert offered[0].day == dt.date(2026, 3, 2)
    added = labs.checkups_accept(
        schedule=schedule, time=dt.time(9), place="Lab", today=dt.date(2026, 2, 10)
    )
    assert len(added) == len(offered)
    assert labs.checkups_offer(schedule=schedule, today=dt.date(2026, 2, 10)) == []


def test_accepting_adds_the_check_ups_which_can_be_moved_and_deleted(carer_client, leo, at) -> None:
    at(2026, 1, 5, 10, 0)
    schedule = schedule_make(leo, "voclosporin", start=dt.date(2026, 1, 5))
    page = carer_client.get(reverse("labs", args=[leo.pk])).content.decode()
    assert "Check-ups for Lupkynis" in page
    url = reverse("checkups", args=[leo.pk, schedule.pk])
    html = carer_client.get(url).content.decode()
    assert "Monday 19 January 2026" in html and "every 4 weeks" in html
    response = carer_client.post(url, {"time": "08:15", "place": "Clinic lab"})
    assert response.status_code == 302
    saved = list(LabAppointment.objects.filter(person=leo))
    assert len(saved) == 14
    assert {a.time for a in saved} == {dt.time(8, 15)}
    first = saved[0]
    moved = {"kind": first.kind, "day": "2026-01-21", "time": "07:45", "place": "", "note": ""}
    carer_client.post(reverse("lab-edit", args=[leo.pk, first.pk]), moved)
    first.refresh_from_db()
    assert (first.day, first.time) == (dt.date(2026, 1, 21), dt.time(7, 45))
    carer_client.post(reverse("lab-delete", args=[leo.pk, saved[1].pk]))
    assert LabAppointment.objects.filter(person=leo).count() == 13
    page = carer_client.get(reverse("labs", args=[leo.pk])).content.decode()
    assert "Check-ups for Lupkynis" not in page
    assert "Kidney blood test and blood pressure check" in page


def test_accepting_with_a_bad_time_saves_nothing(carer_client, leo, at) -> None:
    at(2026, 1, 5, 10, 0)
    schedule = schedule_make(leo, "voclosporin", start=dt.date(2026, 1, 5))
    url = reverse("checkups", args=[leo.pk, schedule.pk])
    response = carer_client.post(url, {"time": "25:99"})
    assert response.status_code == 200
    assert "Enter the time as hours and minutes" in response.content.decode()
    assert not LabAppointment.objects.exists()


def test_only_a_medicine_with_a_series_has_a_check_up_page(carer_client, leo) -> None:
    schedule = schedule_make(leo, "tacrolimus-ir")
    response = carer_client.get(reverse("checkups", args=[leo.pk, schedule.pk]))
    assert response.status_code == 404


# --- Adding, changing and deleting blood tests -------------------------------------------


def test_add_a_blood_test_then_see_it_listed(carer_client, leo, at) -> None:
    at(2026, 5, 1, 9, 0)
    data = {"kind": "blood-test", "day": "2026-05-04", "time": "08:30", "place": "Main lab"}
    response = carer_client.post(reverse("lab-add", args=[leo.pk]), data)
    assert response.status_code == 302
    saved = LabAppointment.objects.get(person=leo)
    assert (saved.day, saved.time, saved.place) == (LAB_DAY, dt.time(8, 30), "Main lab")
    page = carer_client.get(reverse("labs", args=[leo.pk])).content.decode()
    assert "Monday 4 May 2026, 08:30" in page and "Main lab" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("day", "", "Enter the date of the blood test"),
        ("day", "4 May", "Enter the date of the blood test"),
        ("time", "", "Enter the time as hours and minutes"),
        ("time", "8am", "Enter the time as hours and minutes"),
        ("kind", "x-ray", "Choose what the appointment is for."),
        ("day", "2025-04-29", "Enter a date from 30 April 2025 to 3 May 2029."),
        ("day", "2029-05-04", "Enter a date from 30 April 2025 to 3 May 2029."),
        ("day", "0026-05-04", "Enter a date from 30 April 2025 to 3 May 2029."),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_saved(
    carer_client, leo, at, field: str, value: str, message: str
) -> None:
    at(2026, 5, 1, 9, 0)
    data = {"kind": "blood-test", "day": "2026-05-04", "time": "08:30", field: value}
    response = carer_client.post(reverse("lab-add", args=[leo.pk]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html and "There is a problem" in html
    assert not LabAppointment.objects.exists()


def test_a_can_view_member_sees_blood_tests_but_cannot_change_them(viewer_client, leo) -> None:
    lab = appointment(leo)
    schedule = schedule_make(leo, "voclosporin")
    tacrolimus = schedule_make(leo, "tacrolimus-ir")
    page = viewer_client.get(reverse("labs", args=[leo.pk]))
    assert page.status_code == 200
    assert "Change" not in page.content.decode()
    data = {"kind": "blood-test", "day": "2026-05-09", "time": "08:30"}
    attempts = [
        ("get", reverse("lab-add", args=[leo.pk]), {}),
        ("post", reverse("lab-add", args=[leo.pk]), data),
        ("get", reverse("lab-edit", args=[leo.pk, lab.pk]), {}),
        ("post", reverse("lab-edit", args=[leo.pk, lab.pk]), data),
        ("get", reverse("lab-delete", args=[leo.pk, lab.pk]), {}),
        ("post", reverse("lab-delete", args=[leo.pk, lab.pk]), {}),
        ("post", reverse("checkups", args=[leo.pk, schedule.pk]), {"time": "09:00"}),
        ("post", reverse("schedule-lab", args=[leo.pk, tacrolimus.pk]), {"dose_timing": "after"}),
    ]
    for method, url, body in attempts:
        assert getattr(viewer_client, method)(url, body).status_code == 403, url
    assert list(LabAppointment.objects.values_list("day", flat=True)) == [LAB_DAY]
    assert not LabAnswer.objects.exists()


def test_another_account_gets_404_and_changes_nothing(intruder_client, leo) -> None:
    lab = appointment(leo)
    schedule = schedule_make(leo, "cyclosporine-modified")
    data = {"kind": "blood-test", "day": "2026-05-09", "time": "08:30"}
    for method, url, body in [
        ("get", reverse("labs", args=[leo.pk]), {}),
        ("post", reverse("lab-add", args=[leo.pk]), data),
        ("post", reverse("lab-edit", args=[leo.pk, lab.pk]), data),
        ("post", reverse("lab-delete", args=[leo.pk, lab.pk]), {}),
        ("post", reverse("schedule-lab", args=[leo.pk, schedule.pk]), {"dose_timing": "after"}),
    ]:
        assert getattr(intruder_client, method)(url, body).status_code == 404, url
    assert LabAppointment.objects.get().day == LAB_DAY
    assert not LabAnswer.objects.exists()


def test_an_appointment_of_another_person_is_a_404_even_for_the_same_account(
    carer_client, carer, leo
) -> None:
    from tests.schedule_helpers import person_make

    mum = person_make(carer, "Mum")
    lab = appointment(mum)
    response = carer_client.get(reverse("lab-edit", args=[leo.pk, lab.pk]))
    assert response.status_code == 404


def test_deleting_needs_edit_access_in_the_domain_too(leo) -> None:
    from education.people import person_get
    from tests.helpers import account_create

    viewer = account_create("v2@example.org")
    Membership.objects.create(person=leo, user=viewer, role=Membership.VIEW)
    with pytest.raises(PermissionDenied):
        person_get(user=viewer, person_id=leo.pk, edit=True)


# --- The question on the schedule ---------------------------------------------------------


def test_the_question_has_no_answer_ticked_until_one_is_saved(carer_client, leo) -> None:
    schedule = schedule_make(leo, "cyclosporine-modified")
    url = reverse("schedule-lab", args=[leo.pk, schedule.pk])
    html = carer_client.get(url).content.decode()
    assert (
        "Did your team tell you to take your morning dose before or after the blood test?" in html
    )
    assert "Which blood level does your team check?" in html
    assert " checked" not in html
    response = carer_client.post(url, {})
    assert "Choose an answer." in response.content.decode()
    listing = carer_client.get(reverse("schedules", args=[leo.pk])).content.decode()
    assert "Blood-test days: Not answered yet" in listing
    assert "Answer the question" in listing


def test_submitting_without_an_answer_is_refused(carer_client, leo) -> None:
    schedule = schedule_make(leo, "tacrolimus-ir")
    response = carer_client.post(reverse("schedule-lab", args=[leo.pk, schedule.pk]), {})
    assert response.status_code == 200
    assert "Choose an answer." in response.content.decode()
    assert not LabAnswer.objects.exists()


def test_saving_an_answer_and_a_c2_level_type(carer_client, leo) -> None:
    schedule = schedule_make(leo, "cyclosporine-modified")
    url = reverse("schedule-lab", args=[leo.pk, schedule.pk])
    response = carer_client.post(url, {"dose_timing": "after", "level_type": "c2"})
    assert response.status_code == 302
    answer = LabAnswer.objects.get(schedule=schedule)
    assert (answer.dose_timing, answer.level_type) == ("after", "c2")
    html = carer_client.get(url).content.decode()
    assert re.search(r'value="after"[^>]* checked', html)
    assert re.search(r'value="c2"[^>]* checked', html)
    assert not re.search(r'value="before"[^>]* checked', html)
    listing = carer_client.get(reverse("schedules", args=[leo.pk])).content.decode()
    assert "Blood-test days: After the blood test; 2 hours after a dose (called C2)" in listing
    assert reminder_words(leo) == words("c2")


def test_i_do_not_know_yet_saves_no_answer(carer_client, leo) -> None:
    schedule = schedule_make(leo, "tacrolimus-ir")
    url = reverse("schedule-lab", args=[leo.pk, schedule.pk])
    carer_client.post(url, {"dose_timing": "unsure"})
    assert LabAnswer.objects.get(schedule=schedule).dose_timing == ""
    assert reminder_words(leo) == words("unanswered")


def test_tacrolimus_is_not_asked_the_level_type_and_voclosporin_not_the_question(
    carer_client, leo
) -> None:
    tacrolimus = schedule_make(leo, "tacrolimus-ir")
    html = carer_client.get(reverse("schedule-lab", args=[leo.pk, tacrolimus.pk])).content
    assert b"Which blood level" not in html
    voclosporin = schedule_make(leo, "voclosporin")
    response = carer_client.get(reverse("schedule-lab", args=[leo.pk, voclosporin.pk]))
    assert response.status_code == 404


# --- Today ---------------------------------------------------------------------------------


def test_today_shows_the_reminder_on_the_lab_day_only(carer_client, leo, at) -> None:
    schedule_make(leo, "tacrolimus-ir")
    appointment(leo, place="Main lab")
    at(2026, 5, 3, 9, 0)
    assert "Blood test today" not in carer_client.get(reverse("today")).content.decode()
    at(2026, 5, 4, 7, 0)
    html = carer_client.get(reverse("today")).content.decode()
    assert "Blood test today at" in html and "08:30" in html and "Main lab" in html
    assert "bring your dose and take it right after the blood draw" in html


def test_today_shows_the_after_wording_once_answered(carer_client, leo, at) -> None:
    schedule = schedule_make(leo, "tacrolimus-ir")
    labs.lab_answer_save(schedule=schedule, dose_timing="after")
    appointment(leo)
    at(2026, 5, 4, 7, 0)
    html = carer_client.get(reverse("today")).content.decode()
    assert "Bring it with you and take it right after the blood draw" in html


def test_today_wording_follows_the_reading_level(carer_client, leo, at) -> None:
    schedule_make(leo, "cyclosporine-modified")
    appointment(leo)
    at(2026, 5, 4, 7, 0)
    html = carer_client.get(reverse("today") + "?level=easy").content.decode()
    assert catalog.plain_text(labs.lab_text().reminders["unanswered"].text.easy) in html


# --- Content ---------------------------------------------------------------------------------


def test_every_lab_text_reaches_the_readability_checks() -> None:
    from education.readability import texts_all

    measured = {where for where, _ in texts_all()}
    text = labs.lab_text()
    for key in text.reminders:
        assert f"labs reminders.{key}" in measured
    for product in text.checkups:
        assert f"labs checkups.{product}" in measured
    assert "labs intro" in measured


def test_every_lab_text_cites_known_sources() -> None:
    citations = catalog.citations_get()
    text = labs.lab_text()
    entries = [*text.reminders.values(), text.intro, *(s.text for s in text.checkups.values())]
    for entry in entries:
        assert entry.sources and set(entry.sources) <= set(citations)


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ('kind = "kidney-bp"', 'kind = "x-ray"', "checkups.voclosporin.phases[0].kind"),
        ('sources = ["MIDTVEDT-2004"]', 'sources = ["S999"]', "reminders.c2.sources"),
        ("alarm_hours_before = 12", "alarm_hours_before = 0", "alarm_hours_before"),
        (
            "[reminders.after.text]\neasy = ",
            "[reminders.after.text]\nx = ",
            "reminders.after.text.easy",
        ),
    ],
)
def test_a_broken_labs_file_names_the_field(content_tree, old: str, new: str, field: str) -> None:
    path = content_tree / "labs.toml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(catalog.ContentError) as error:
        labs.lab_text()
    assert error.value.field == field


def test_two_tests_on_one_day_with_glossary_words_keep_every_id_unique(
    carer_client, leo, at
) -> None:
    schedule = schedule_make(leo, "cyclosporine-modified")
    labs.lab_answer_save(schedule=schedule, dose_timing="", level_type="c2")
    appointment(leo)
    appointment(leo, time=dt.time(10, 30))
    at(2026, 5, 4, 7, 0)
    html = carer_client.get(reverse("today")).content.decode()
    assert html.count("exactly 2 hours later") == 2
    assert "C2 level" in html
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
