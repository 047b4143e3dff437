"""Dose history rules: each dose's state, shares on time, the month, the CSV and the card."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model

from education import catalog, history, schedules, today
from education.models import DoseRecord, ScheduledDose, SymptomCheck
from education.schedules import DoseTime
from tests.schedule_helpers import person_make, schedule_make

pytestmark = pytest.mark.django_db
NEW_YORK = ZoneInfo("America/New_York")


def at(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=NEW_YORK)


def dose(person, time: str, day: dt.date | None = None) -> ScheduledDose:
    rows = ScheduledDose.objects.filter(
        version__schedule__person=person, time=dt.time.fromisoformat(time)
    )
    if day is not None:
        rows = rows.filter(version__start__lte=day)
    return rows.order_by("-version__start").first()


def record(person, time: str, day: dt.date, marked: dt.datetime, status="taken", by=None):
    return DoseRecord.objects.create(
        dose=dose(person, time, day), day=day, status=status, marked_at=marked, marked_by=by
    )


def states(outcomes) -> list[tuple[str, str, str]]:
    return [(f"{o.day:%d}", o.time_text, o.state) for o in outcomes]


def vocl() -> catalog.Medicine:
    return catalog.medicines_get()["voclosporin"]


# --- One dose's state ------------------------------------------------------------------------


def test_a_dose_marked_taken_exactly_at_the_end_of_due_is_on_time() -> None:
    scheduled = at(2026, 5, 4, 8, 0)
    marked = DoseRecord(status="taken", marked_at=scheduled + dt.timedelta(minutes=60))
    state, _ = history.outcome_state(
        medicine=vocl(), scheduled=scheduled, now=at(2026, 5, 5, 9), record=marked,
        team_window_hours=None,
    )  # fmt: skip
    assert state == "taken"


def test_a_dose_marked_taken_one_minute_after_due_ends_was_late() -> None:
    scheduled = at(2026, 5, 4, 8, 0)
    marked = DoseRecord(status="taken", marked_at=scheduled + dt.timedelta(minutes=61))
    state, _ = history.outcome_state(
        medicine=vocl(), scheduled=scheduled, now=at(2026, 5, 5, 9), record=marked,
        team_window_hours=None,
    )  # fmt: skip
    assert state == "late"


def test_a_dose_marked_taken_before_its_time_is_on_time() -> None:
    scheduled = at(2026, 5, 4, 8, 0)
    marked = DoseRecord(status="taken", marked_at=scheduled - dt.timedelta(minutes=20))
    state, _ = history.outcome_state(
        medicine=vocl(), scheduled=scheduled, now=at(2026, 5, 4, 9), record=marked,
        team_window_hours=None,
    )  # fmt: skip
    assert state == "taken"


def test_a_skipped_dose_stays_skipped_whenever_it_was_marked() -> None:
    scheduled = at(2026, 5, 4, 8, 0)
    marked = DoseRecord(status="skipped", marked_at=scheduled + dt.timedelta(hours=5))
    state, today_state = history.outcome_state(
        medicine=vocl(), scheduled=scheduled, now=at(2026, 5, 6, 9), record=marked,
        team_window_hours=None,
    )  # fmt: skip
    assert (state, today_state.label) == ("skipped", "Skipped")


def test_unmarked_voclosporin_exactly_4_hours_late_is_not_marked_yet_not_missed() -> None:
    scheduled = at(2026, 5, 4, 8, 0)
    state, today_state = history.outcome_state(
        medicine=vocl(), scheduled=scheduled, now=scheduled + dt.timedelta(hours=4),
        record=None, team_window_hours=None,
    )  # fmt: skip
    assert (state, today_state.state) == ("open", "late")


def test_unmarked_voclosporin_past_its_4_hour_window_is_missed() -> None:
    scheduled = at(2026, 5, 4, 8, 0)
    state, _ = history.outcome_state(
        medicine=vocl(), scheduled=scheduled, now=scheduled + dt.timedelta(hours=4, minutes=1),
        record=None, team_window_hours=None,
    )  # fmt: skip
    assert state == "missed"


def test_unmarked_dose_without_a_window_is_missed_once_today_no_longer_shows_it() -> None:
    prograf = catalog.medicines_get()["tacrolimus-ir"]
    scheduled = at(2026, 5, 4, 20, 0)

    def state_at(now: dt.datetime) -> str:
        return history.outcome_state(
            medicine=prograf, scheduled=scheduled, now=now, record=None, team_window_hours=None
        )[0]

    assert state_at(at(2026, 5, 4, 23, 0)) == "open"  # its own day
    assert state_at(at(2026, 5, 5, 8, 0)) == "open"  # next morning, within the carry-over
    assert state_at(at(2026, 5, 5, 8, 1)) == "missed"  # gone from Today


def test_with_a_team_window_the_teams_hours_decide_missed() -> None:
    prograf = catalog.medicines_get()["tacrolimus-ir"]
    scheduled = at(2026, 5, 4, 8, 0)
    state = history.outcome_state(
        medicine=prograf, scheduled=scheduled, now=at(2026, 5, 4, 14, 1), record=None,
        team_window_hours=6.0,
    )[0]  # fmt: skip
    assert state == "missed"


# --- Who marked it ---------------------------------------------------------------------------


def test_marked_by_is_a_first_name_else_the_email_before_the_at_and_you_for_the_viewer() -> None:
    users = get_user_model().objects
    ana = users.create_user("ana@example.org", "ana@example.org", "x" * 12, first_name="Ana")
    bo = users.create_user("bo.lee@example.org", "bo.lee@example.org", "x" * 12)
    assert today.marked_by_words(account=ana, viewer=bo) == "Ana"
    assert today.marked_by_words(account=bo, viewer=ana) == "bo.lee"
    assert today.marked_by_words(account=bo, viewer=bo) == "you"
    assert today.marked_by_words(account=None, viewer=bo) == ""


# --- A range of days -------------------------------------------------------------------------


def test_history_follows_a_dose_change_in_the_middle_of_the_month(carer, leo) -> None:
    schedule = schedule_make(leo, "voclosporin", start=dt.date(2026, 5, 1))
    schedules.schedule_change(
        schedule=schedule,
        doses=[
            DoseTime(dt.time(9, 0), Decimal("4"), "capsules"),
            DoseTime(dt.time(21, 0), Decimal("4"), "capsules"),
        ],
        start=dt.date(2026, 5, 15),
    )
    outcomes = history.outcomes_between(
        person=leo, first=dt.date(2026, 5, 14), last=dt.date(2026, 5, 15), now=at(2026, 5, 20, 9)
    )
    assert [(o.day.day, o.time_text, o.amount) for o in outcomes] == [
        (14, "08:00", "3 capsules"),
        (14, "20:00", "3 capsules"),
        (15, "09:00", "4 capsules"),
        (15, "21:00", "4 capsules"),
    ]


def test_history_has_no_days_before_the_start_or_after_today(carer, leo) -> None:
    schedule_make(leo, "voclosporin", start=dt.date(2026, 5, 3))
    outcomes = history.outcomes_between(
        person=leo, first=dt.date(2026, 5, 1), last=dt.date(2026, 5, 31), now=at(2026, 5, 4, 9)
    )
    assert states(outcomes) == [
        ("03", "08:00", "missed"),
        ("03", "20:00", "missed"),
        ("04", "08:00", "open"),
        ("04", "20:00", "open"),
    ]


def test_each_dose_of_a_day_gets_its_state_from_its_record(carer, leo) -> None:
    schedule_make(leo, "voclosporin", start=dt.date(2026, 5, 1))
    day = dt.date(2026, 5, 2)
    record(leo, "08:00", day, at(2026, 5, 2, 8, 5), by=carer)
    record(leo, "20:00", day, at(2026, 5, 2, 22, 0))
    outcomes = history.outcomes_between(person=leo, first=day, last=day, now=at(2026, 5, 3, 9))
    assert states(outcomes) == [("02", "08:00", "taken"), ("02", "20:00", "late")]
    assert outcomes[0].marked_text == "08:05"


def test_a_dose_marked_after_midnight_shows_the_day_it_was_marked(carer, leo) -> None:
    schedule_make(leo, "voclosporin", start=dt.date(2026, 5, 1))
    day = dt.date(2026, 5, 2)
    record(leo, "20:00", day, at(2026, 5, 3, 0, 30))
    outcome = history.outcomes_between(person=leo, first=day, last=day, now=at(2026, 5, 3, 9))[1]
    assert (outcome.state, outcome.marked_text) == ("late", "3 May 00:30")


# --- Shares on time --------------------------------------------------------------------------


def test_shares_count_only_doses_taken_on_time_of_doses_whose_outcome_is_known(carer, leo) -> None:
    schedule_make(leo, "voclosporin", start=dt.date(2026, 5, 1))
    # Today (20 May) and the 6 days before: 14 doses. 10 on time, 2 late, 1 skipped,
    # 1 never marked (19 May 20:00, missed: it left Today at 08:00 the next morning).
    for offset in range(7):
        day = dt.date(2026, 5, 14) + dt.timedelta(days=offset)
        for time in ("08:00", "20:00"):
            if (offset, time) == (5, "20:00"):
                continue
            hour = int(time[:2])
            late = (offset, time) in {(0, "08:00"), (1, "08:00")}
            status = "skipped" if (offset, time) == (2, "20:00") else "taken"
            marked = dt.datetime.combine(day, dt.time(hour + (3 if late else 0), 5), NEW_YORK)
            record(leo, time, day, marked, status=status)
    now = at(2026, 5, 20, 21, 30)
    _outcomes, shares = history.recent_history(person=leo, now=now)
    seven, thirty = shares
    assert (seven.days, seven.on_time, seven.total, seven.percent) == (7, 10, 14, 71)
    # 30 days reach back before the start: 1 to 13 May are 26 doses, all never marked.
    assert (thirty.days, thirty.on_time, thirty.total, thirty.percent) == (30, 10, 40, 25)


def test_a_share_with_no_doses_has_no_percentage(carer, leo) -> None:
    _outcomes, shares = history.recent_history(person=leo, now=at(2026, 5, 21, 7, 0))
    assert [(s.total, s.percent) for s in shares] == [(0, None), (0, None)]


def test_the_seven_day_share_starts_exactly_six_days_before_today(carer, leo) -> None:
    schedule_make(leo, "envarsus-xr", times=("08:00",), start=dt.date(2026, 5, 1))
    record(leo, "08:00", dt.date(2026, 5, 14), at(2026, 5, 14, 8, 0))  # first day counted
    record(leo, "08:00", dt.date(2026, 5, 13), at(2026, 5, 13, 8, 0))  # a day too early
    record(leo, "08:00", dt.date(2026, 5, 20), at(2026, 5, 20, 8, 0))  # today
    seven = history.recent_history(person=leo, now=at(2026, 5, 20, 9, 30))[1][0]
    assert (seven.on_time, seven.total) == (2, 7)


# --- The month -------------------------------------------------------------------------------


def test_a_month_starts_on_monday_and_has_no_data_after_today(carer, leo) -> None:
    schedule_make(leo, "voclosporin", start=dt.date(2026, 4, 20))
    month = history.month_build(person=leo, first=dt.date(2026, 5, 1), now=at(2026, 5, 4, 9))
    assert month.weeks[0][:4] == [None, None, None, None]  # 1 May 2026 is a Friday
    assert month.weeks[0][4].day == dt.date(2026, 5, 1)
    days = {d.day.day: d for week in month.weeks for d in week if d}
    assert days[5].future and days[5].outcomes == ()
    assert [d.day.day for d in month.days] == [4, 3, 2, 1]
    assert month.previous == dt.date(2026, 4, 1)
    assert month.next is None and month.is_current


def test_no_previous_month_before_the_first_schedule(carer, leo) -> None:
    schedule_make(leo, "voclosporin", start=dt.date(2026, 5, 3))
    month = history.month_build(person=leo, first=dt.date(2026, 5, 1), now=at(2026, 6, 4, 9))
    assert month.previous is None
    assert month.next == dt.date(2026, 6, 1)


def test_blood_pressure_readings_appear_on_their_day_with_the_stored_tier(carer, leo) -> None:
    schedule_make(leo, "voclosporin", start=dt.date(2026, 5, 1))
    check = SymptomCheck.objects.create(
        person=leo, product="voclosporin", tier="same-day", systolic=182, diastolic=100,
        systolic_2=181, diastolic_2=99,
    )  # fmt: skip
    SymptomCheck.objects.filter(pk=check.pk).update(created=at(2026, 5, 2, 23, 30))
    SymptomCheck.objects.create(person=leo, product="voclosporin", tier="", symptoms=["tremor"])
    month = history.month_build(person=leo, first=dt.date(2026, 5, 1), now=at(2026, 5, 4, 9))
    days = {d.day.day: d for week in month.weeks for d in week if d}
    # 23:30 in New York is already 3 May in UTC: the person's own day counts.
    assert [str(r) for r in days[2].readings[0].readings] == ["182/100", "181/99"]
    assert days[2].worst_tier.name == "Same day"
    assert days[3].readings == () and days[4].readings == ()


def test_month_form_refuses_a_month_that_has_not_come_yet() -> None:
    form = history.MonthForm({"month": "2026-06"}, latest=dt.date(2026, 5, 1))
    assert not form.is_valid()
    assert form.errors["month"] == ["There is no history for months that have not come yet."]


@pytest.mark.parametrize("value", ["2026-13", "May", "1999-01", "2026-5"])
def test_month_form_refuses_what_is_not_a_month(value: str) -> None:
    form = history.MonthForm({"month": value}, latest=dt.date(2026, 5, 1))
    assert not form.is_valid()
    assert form.errors["month"] == ["Choose a month like 2026-05."]


# --- CSV -------------------------------------------------------------------------------------


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_a_spreadsheet_would_run_is_made_text(start: str) -> None:
    assert history.cell_safe(f"{start}1+2") == f"'{start}1+2"


def test_ordinary_cells_are_left_alone() -> None:
    assert history.cell_safe("Lupkynis (voclosporin)") == "Lupkynis (voclosporin)"


def test_csv_has_one_row_per_scheduled_dose_with_status_and_who_marked_it(carer, leo) -> None:
    schedule_make(leo, "voclosporin", start=dt.date(2026, 5, 3))
    evil = get_user_model().objects.create_user(
        "x@example.org", "x@example.org", "x" * 12, first_name='=HYPERLINK("http://x")'
    )
    carer.first_name = "Ana"
    carer.save()
    record(leo, "08:00", dt.date(2026, 5, 3), at(2026, 5, 3, 8, 5), by=carer)
    record(leo, "20:00", dt.date(2026, 5, 3), at(2026, 5, 3, 20, 10), "skipped", by=evil)
    rows = list(csv.reader(io.StringIO(history.history_csv(person=leo, now=at(2026, 5, 4, 9)))))
    assert rows == [
        ["Date", "Time", "Medicine", "Dose", "Status", "Marked at", "Marked by"],
        ["2026-05-03", "08:00", "Lupkynis (voclosporin)", "3 capsules", "Taken",
         "2026-05-03 08:05", "Ana"],
        ["2026-05-03", "20:00", "Lupkynis (voclosporin)", "3 capsules", "Skipped",
         "2026-05-03 20:10", "'=HYPERLINK(\"http://x\")"],
        ["2026-05-04", "08:00", "Lupkynis (voclosporin)", "3 capsules", "Due now", "", ""],
        ["2026-05-04", "20:00", "Lupkynis (voclosporin)", "3 capsules", "Later today", "", ""],
    ]  # fmt: skip


def test_csv_guards_a_dose_that_starts_like_a_formula(carer, leo) -> None:
    # The schedule form refuses such a dose; the export does not rely on that.
    schedules.schedule_create(
        person=leo,
        product="envarsus-xr",
        doses=[DoseTime(dt.time(8, 0), Decimal("-1"), "mg")],
        start=dt.date(2026, 5, 4),
    )
    rows = list(csv.reader(io.StringIO(history.history_csv(person=leo, now=at(2026, 5, 4, 9)))))
    assert rows[1][3] == "'-1 mg"


def test_csv_of_a_person_without_schedules_is_only_the_header(carer, leo) -> None:
    assert history.history_csv(person=leo, now=at(2026, 5, 4, 9)) == (
        "Date,Time,Medicine,Dose,Status,Marked at,Marked by\r\n"
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Mum", "dose-history-mum-2026-05-04.csv"),
        ('Zoë "=1+1" ../../etc', "dose-history-zoe-11-etc-2026-05-04.csv"),
        ("李", "dose-history-person-2026-05-04.csv"),
    ],
)
def test_csv_filename_is_plain_ascii_whatever_the_name(carer, name: str, expected: str) -> None:
    person = person_make(carer, name)
    assert history.csv_filename(person=person, day=dt.date(2026, 5, 4)) == expected


# --- The card --------------------------------------------------------------------------------


def test_card_lists_each_dose_in_clock_order_with_the_dose_in_force_today(carer, leo) -> None:
    schedule = schedule_make(leo, "voclosporin", start=dt.date(2026, 5, 1))
    schedule_make(leo, "envarsus-xr", times=("07:00",), start=dt.date(2026, 5, 1))
    schedules.schedule_change(
        schedule=schedule,
        doses=[
            DoseTime(dt.time(9, 0), Decimal("4"), "capsules"),
            DoseTime(dt.time(21, 0), Decimal("4"), "capsules"),
        ],
        start=dt.date(2026, 5, 10),
    )
    rows = history.card_rows(person=leo, day=dt.date(2026, 5, 4), level="easy")
    times = [(t.time.hour, t.medicine.slug, t.amount) for t in history.card_times(rows)]
    assert times == [
        (7, "envarsus-xr", "3 mg"),
        (8, "voclosporin", "3 capsules"),
        (20, "voclosporin", "3 capsules"),
    ]
    assert rows[1].missed_rule == vocl().missed_dose.rule.easy


def test_card_gives_the_teams_window_where_one_was_entered(carer, leo) -> None:
    schedule_make(leo, "tacrolimus-ir", start=dt.date(2026, 5, 1), team_window_hours=Decimal("6"))
    row = history.card_rows(person=leo, day=dt.date(2026, 5, 4), level="standard")[0]
    advice = schedules.schedule_text().advice
    assert row.team_rule == (
        advice["team_take_now"].format(hours="6"),
        advice["team_skip"].format(hours="6"),
    )


def test_card_leaves_out_a_schedule_that_has_ended(carer, leo) -> None:
    schedule_make(leo, "voclosporin", start=dt.date(2026, 4, 1), end=dt.date(2026, 5, 3))
    assert history.card_rows(person=leo, day=dt.date(2026, 5, 4), level="easy") == []


def test_card_keeps_to_standard_wording_when_detailed_is_chosen(carer, leo) -> None:
    schedule_make(leo, "voclosporin", start=dt.date(2026, 5, 1))
    row = history.card_rows(person=leo, day=dt.date(2026, 5, 4), level="detailed")[0]
    assert row.missed_rule == vocl().missed_dose.rule.standard


def test_history_keeps_wall_clock_dose_times_across_the_spring_clock_change(carer, leo) -> None:
    schedule_make(leo, "voclosporin", start=dt.date(2026, 3, 1))
    outcomes = history.outcomes_between(
        person=leo, first=dt.date(2026, 3, 7), last=dt.date(2026, 3, 9), now=at(2026, 3, 20, 9)
    )
    assert [o.time_text for o in outcomes] == ["08:00", "20:00"] * 3
    moments = [o.scheduled.astimezone(dt.UTC) for o in outcomes]
    # 20:00 on 7 March to 08:00 on 8 March is 11 real hours: the clocks went forward.
    assert moments[2] - moments[1] == dt.timedelta(hours=11)
    assert moments[4] - moments[3] == dt.timedelta(hours=12)


@pytest.mark.parametrize("month", [dt.date(2026, 5, 1), dt.date(2026, 4, 1), dt.date(2026, 2, 1)])
def test_the_page_gives_the_same_month_and_shares_as_working_each_out_alone(
    carer, leo, month: dt.date
) -> None:
    schedule_make(leo, "voclosporin", start=dt.date(2026, 1, 20))
    record(leo, "08:00", dt.date(2026, 4, 30), at(2026, 4, 30, 8, 10))
    record(leo, "20:00", dt.date(2026, 5, 2), at(2026, 5, 2, 23, 10))
    now = at(2026, 5, 4, 9)
    built, shares = history.history_page_build(person=leo, first=month, now=now)
    alone = history.month_build(person=leo, first=month, now=now)
    assert built == alone
    assert shares == history.recent_history(person=leo, now=now)[1]


def test_a_days_doses_and_readings_are_listed_together_in_clock_order(carer, leo) -> None:
    schedule_make(leo, "voclosporin", start=dt.date(2026, 5, 1))
    check = SymptomCheck.objects.create(person=leo, tier="", systolic=130, diastolic=85)
    SymptomCheck.objects.filter(pk=check.pk).update(created=at(2026, 5, 2, 12, 0))
    month = history.month_build(person=leo, first=dt.date(2026, 5, 1), now=at(2026, 5, 4, 9))
    day = next(d for d in month.days if d.day == dt.date(2026, 5, 2))
    assert [kind for kind, _item in day.entries] == ["dose", "reading", "dose"]
