"""Schedule rules from the medicine catalogue: what the schedule form accepts and refuses."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from education import catalog, schedules
from education.catalog import ContentError
from education.readability import GRADE_LIMITS, content_grades
from education.schedules import DoseTime, schedule_validate

START = dt.date(2026, 3, 1)


def doses(*times: str, amount: str = "2", unit: str = "mg") -> list[DoseTime]:
    return [DoseTime(dt.time.fromisoformat(t), Decimal(amount), unit) for t in times]


def problems(product: str, *times: str, **kwargs: object) -> list[str]:
    arguments = {"start": START, "end": None, "team_window_hours": None, **kwargs}
    found = schedule_validate(product=product, doses=doses(*times), **arguments)
    return [problem.message for problem in found]


def test_a_voclosporin_schedule_12_hours_apart_is_accepted() -> None:
    assert problems("voclosporin", "08:00", "20:00") == []


def test_voclosporin_doses_less_than_8_hours_apart_are_refused() -> None:
    [message] = problems("voclosporin", "08:00", "15:30")
    assert "at least 8 hours apart" in message
    assert "08:00 and 15:30 are only 7 hours 30 minutes apart" in message


def test_voclosporin_gap_is_measured_round_the_clock() -> None:
    [message] = problems("voclosporin", "05:00", "22:00")
    assert "22:00 and 05:00 are only 7 hours apart" in message


def test_voclosporin_doses_exactly_8_hours_apart_are_accepted() -> None:
    assert problems("voclosporin", "08:00", "16:00") == []


def test_the_minimum_gap_comes_from_the_catalogue(content_tree: Path) -> None:
    path = content_tree / "medicines.toml"
    path.write_text(path.read_text().replace("min_gap_hours = 8", "min_gap_hours = 10"))
    catalog.catalog_load.cache_clear()
    [message] = problems("voclosporin", "08:00", "17:00")
    assert "at least 10 hours apart" in message


def test_tacrolimus_has_no_minimum_gap() -> None:
    assert problems("tacrolimus-ir", "08:00", "14:00") == []


def test_cyclosporine_may_be_taken_three_times_a_day() -> None:
    assert problems("cyclosporine-modified", "06:00", "14:00", "22:00") == []


def test_voclosporin_three_times_a_day_is_refused() -> None:
    [message] = problems("voclosporin", "06:00", "14:00", "22:00")
    assert message == "Lupkynis is taken 2 times a day. Enter 2 dose times."


def test_cyclosporine_dose_count_message_names_both_choices() -> None:
    [message] = problems("cyclosporine-modified", "08:00")
    assert "2 or 3 times a day" in message


def test_astagraf_xl_is_taken_every_morning() -> None:
    [message] = problems("astagraf-xl", "20:00")
    assert message == "Take Astagraf XL every morning. Pick a time before 12:00."
    assert problems("astagraf-xl", "07:30") == []


def test_envarsus_xr_suggests_the_morning_but_allows_the_evening() -> None:
    medicine = catalog.medicines_get()["envarsus-xr"]
    assert problems("envarsus-xr", "21:00") == []
    assert "Envarsus XR is best taken in the morning." in schedules.schedule_hints(
        medicine=medicine
    )


def test_twice_daily_products_suggest_times_12_hours_apart() -> None:
    medicine = catalog.medicines_get()["tacrolimus-ir"]
    suggested = schedules.times_suggest(medicine=medicine, doses_per_day=2)
    assert [gap for _, _, gap in schedules.gaps_between(suggested)] == [12, 12]


def test_three_times_daily_cyclosporine_suggests_times_8_hours_apart() -> None:
    medicine = catalog.medicines_get()["cyclosporine-modified"]
    suggested = schedules.times_suggest(medicine=medicine, doses_per_day=3)
    assert [gap for _, _, gap in schedules.gaps_between(suggested)] == [8, 8, 8]
    assert any("3 times a day" in hint for hint in schedules.schedule_hints(medicine=medicine))


def test_duplicate_dose_times_are_refused() -> None:
    [message] = problems("tacrolimus-ir", "08:00", "08:00")
    assert message == "Two doses have the same time, 08:00. Give each dose its own time."


def test_an_unknown_product_is_refused() -> None:
    assert problems("aspirin", "08:00") == ["Choose a medicine from the list."]


def test_an_end_date_before_the_start_is_refused() -> None:
    found = problems("voclosporin", "08:00", "20:00", end=START - dt.timedelta(days=1))
    assert found == ["The end date must be the same as or after the start date."]


def test_an_end_date_on_the_start_day_is_accepted() -> None:
    assert problems("voclosporin", "08:00", "20:00", end=START) == []


def test_a_missing_start_date_is_refused() -> None:
    assert (
        "Enter the date this dose starts"
        in problems("voclosporin", "08:00", "20:00", start=None)[0]
    )


def test_a_dose_of_zero_or_less_is_refused() -> None:
    found = schedule_validate(
        product="tacrolimus-ir",
        doses=doses("08:00", "20:00", amount="0"),
        start=START,
        end=None,
        team_window_hours=None,
    )
    assert {problem.field for problem in found} == {"doses"}
    assert "Enter the dose for 08:00 as a number bigger than 0" in found[0].message


def test_a_dose_needs_a_unit() -> None:
    found = schedule_validate(
        product="tacrolimus-ir",
        doses=doses("08:00", "20:00", unit=" "),
        start=START,
        end=None,
        team_window_hours=None,
    )
    assert [(p.field, p.message) for p in found] == [
        ("unit", "Enter what the dose is measured in, like mg, mL or capsules.")
    ]


def test_no_dose_times_is_refused() -> None:
    assert problems("tacrolimus-ir") == ["Enter a time for each dose, like 08:00."]


@pytest.mark.parametrize("value", ["24:00", "12:60", "8", "noon", "", "-1:00"])
def test_times_out_of_range_do_not_parse(value: str) -> None:
    with pytest.raises(ValueError):
        schedules.time_parse(value=value)


@pytest.mark.parametrize(("value", "expected"), [("8:00", "08:00"), ("20.30", "20:30")])
def test_times_parse_in_the_forms_people_type(value: str, expected: str) -> None:
    assert schedules.time_parse(value=value) == dt.time.fromisoformat(expected)


def test_the_care_team_window_is_asked_for_twice_daily_tacrolimus_and_cyclosporine() -> None:
    medicines = catalog.medicines_get()
    asked = {slug for slug, m in medicines.items() if schedules.asks_team_window(medicine=m)}
    assert asked == {"tacrolimus-ir", "cyclosporine-modified", "cyclosporine-nonmodified"}


def test_a_care_team_window_outside_its_range_is_refused() -> None:
    [message] = problems("tacrolimus-ir", "08:00", "20:00", team_window_hours=9)
    assert message == (
        "Enter the number of hours your care team gave you, from 1 to 6. Or leave it empty."
    )
    assert problems("tacrolimus-ir", "08:00", "20:00", team_window_hours=6) == []


def test_the_care_team_window_is_capped_by_the_three_times_daily_spacing() -> None:
    found = problems("cyclosporine-modified", "06:00", "14:00", "22:00", team_window_hours=5)
    assert found == [
        "Enter the number of hours your care team gave you, from 1 to 4. Or leave it empty."
    ]


def test_overlapping_versions_are_found() -> None:
    others = [(dt.date(2026, 1, 1), dt.date(2026, 3, 11)), (dt.date(2026, 3, 12), None)]
    assert schedules.version_overlap(start=dt.date(2026, 3, 1), end=None, others=others[:1])
    assert schedules.version_overlap(start=dt.date(2026, 4, 1), end=None, others=others) == (
        dt.date(2026, 3, 12),
        None,
    )
    assert (
        schedules.version_overlap(start=dt.date(2026, 3, 12), end=None, others=others[:1]) is None
    )


@pytest.mark.parametrize(("minutes", "ok"), [(0, True), (30, True), (31, False), (-1, False)])
def test_the_alarm_is_0_to_30_minutes_before(minutes: int, ok: bool) -> None:
    assert (schedules.alarm_validate(minutes=minutes) == []) is ok


def test_a_missing_message_in_the_content_is_reported_with_its_field(content_tree: Path) -> None:
    path = content_tree / "schedules.toml"
    path.write_text(path.read_text().replace("min_gap = ", "min_gap_old = "))
    with pytest.raises(ContentError, match=r"schedules.toml: messages.min_gap: is missing"):
        schedules.schedule_text()


def test_schedule_texts_are_measured_for_readability() -> None:
    measured = {row.where for row in content_grades()}
    assert {"subscribe iphone", "subscribe android", "subscribe outlook"} <= measured
    assert "schedules advice.no_window" in measured
    assert "medicine voclosporin take_now" in measured


def test_schedule_texts_are_within_their_grade_limits() -> None:
    rows = [r for r in content_grades() if r.where.startswith(("subscribe", "schedules"))]
    assert rows
    assert [r for r in rows if r.grade > GRADE_LIMITS[r.level]] == []
