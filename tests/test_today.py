"""Dose states on Today: due, late or missed, with the advice of decisions.md §1."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from education import catalog
from education.schedules import DoseTime
from education.today import dose_state, doses_on

NEW_YORK = ZoneInfo("America/New_York")
DOSE = dt.datetime(2026, 5, 4, 8, 0, tzinfo=NEW_YORK)


def state(product: str, late: dt.timedelta, **kwargs: object):
    medicine = catalog.medicines_get()[product]
    return dose_state(medicine=medicine, scheduled=DOSE, now=DOSE + late, **kwargs)


def hours(value: float) -> dt.timedelta:
    return dt.timedelta(hours=value)


def test_a_dose_before_its_time_is_upcoming() -> None:
    assert state("voclosporin", -hours(1)).state == "upcoming"


def test_a_dose_is_due_at_its_time_and_for_the_first_hour() -> None:
    assert state("voclosporin", hours(0)).state == "due"
    assert state("voclosporin", hours(1)).state == "due"
    assert state("voclosporin", hours(1) + dt.timedelta(minutes=1)).state == "late"


def test_voclosporin_3_hours_late_says_take_it_now() -> None:
    result = state("voclosporin", hours(3))
    assert (result.state, result.label) == ("late", "Late")
    assert result.advice.startswith("Take it now.")


def test_voclosporin_exactly_4_hours_late_still_says_take_it_now() -> None:
    assert state("voclosporin", hours(4)).advice.startswith("Take it now.")


def test_voclosporin_more_than_4_hours_late_says_skip_it() -> None:
    result = state("voclosporin", hours(4) + dt.timedelta(minutes=1))
    assert (result.state, result.label) == ("missed", "Missed")
    assert result.advice.startswith("Skip this dose.")


def test_voclosporin_5_hours_late_says_skip_it_and_take_the_next_at_the_usual_time() -> None:
    result = state("voclosporin", hours(5))
    assert result.state == "missed"
    assert "Take the next dose at the usual time." in result.advice
    assert "Never take 2 doses together." in result.advice


@pytest.mark.parametrize("product", ["envarsus-xr", "astagraf-xl"])
def test_once_daily_tacrolimus_uses_14_hours(product: str) -> None:
    assert state(product, hours(13)).state == "late"
    assert state(product, hours(14)).advice.startswith("Take it now.")
    assert state(product, hours(14) + dt.timedelta(minutes=1)).state == "missed"
    assert state(product, hours(15)).advice.startswith("Skip this dose.")


def test_astagraf_xl_skip_advice_says_next_morning() -> None:
    assert "tomorrow morning" in state("astagraf-xl", hours(15)).advice


@pytest.mark.parametrize("product", ["tacrolimus-ir", "cyclosporine-modified"])
def test_a_care_team_window_gives_take_now_inside_it_and_skip_after(product: str) -> None:
    inside = state(product, hours(6), team_window_hours=6)
    after = state(product, hours(6) + dt.timedelta(minutes=1), team_window_hours=6)
    assert inside.state == "late"
    assert inside.advice.startswith("Your care team's rule: up to 6 hours late, take it now.")
    assert after.state == "missed"
    assert after.advice.startswith("Your care team's rule: more than 6 hours late, skip this dose.")
    assert not inside.call_now and not after.call_now


@pytest.mark.parametrize(
    "product", ["tacrolimus-ir", "cyclosporine-modified", "cyclosporine-nonmodified"]
)
@pytest.mark.parametrize("late", [2, 5, 11, 13])
def test_without_a_team_window_there_is_no_take_or_skip_advice(product: str, late: int) -> None:
    result = state(product, hours(late))
    assert result.state == "late"
    assert result.call_now
    assert result.advice.startswith(
        "Never take 2 doses together. Call your care team or pharmacist now."
    )
    lowered = result.advice.lower()
    assert "take it now" not in lowered and "skip" not in lowered


def test_skin_products_have_no_late_dose_logic() -> None:
    for late in (2, 20):
        result = state("tacrolimus-ointment", hours(late))
        assert result.state == "late"
        assert result.advice == "Put it on at the next usual time. Do not use extra."


@pytest.mark.parametrize("status", ["taken", "skipped"])
def test_a_marked_dose_shows_its_mark_and_no_advice(status: str) -> None:
    result = state("voclosporin", hours(9), status=status)
    assert (result.state, result.advice) == (status, "")


def test_the_window_comes_from_the_catalogue(content_tree) -> None:
    path = content_tree / "medicines.toml"
    path.write_text(path.read_text().replace("window_hours = 4", "window_hours = 3"))
    catalog.catalog_load.cache_clear()
    assert state("voclosporin", hours(3.5)).state == "missed"


def dose(time: str) -> DoseTime:
    return DoseTime(dt.time.fromisoformat(time), Decimal("3"), "capsules")


def test_doses_on_lists_a_days_doses_in_time_order_from_the_version_in_force() -> None:
    versions = [
        ("1-1", dt.date(2026, 1, 1), dt.date(2026, 3, 11), [dose("20:00"), dose("08:00")]),
        ("1-2", dt.date(2026, 3, 12), None, [dose("09:00"), dose("21:00")]),
        ("2-1", dt.date(2026, 1, 1), None, [dose("07:00")]),
    ]
    before = doses_on(day=dt.date(2026, 3, 11), time_zone="Europe/London", versions=versions)
    after = doses_on(day=dt.date(2026, 3, 12), time_zone="Europe/London", versions=versions)
    assert [(d.key, f"{d.scheduled:%H:%M}") for d in before] == [
        ("2-1-0700", "07:00"),
        ("1-1-0800", "08:00"),
        ("1-1-2000", "20:00"),
    ]
    assert [d.key for d in after] == ["2-1-0700", "1-2-0900", "1-2-2100"]


def test_doses_stay_at_home_clock_times_on_daylight_saving_days() -> None:
    versions = [("1-1", dt.date(2026, 1, 1), None, [dose("08:00"), dose("20:00")])]
    for day in (dt.date(2026, 3, 8), dt.date(2026, 11, 1)):
        planned = doses_on(day=day, time_zone="America/New_York", versions=versions)
        assert [f"{d.scheduled:%H:%M}" for d in planned] == ["08:00", "20:00"]
