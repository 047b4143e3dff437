"""Symptom checks: tiers from the clinical decisions, the result page, blood pressure, summary."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from education import catalog, symptoms
from education.catalog import ContentError
from education.symptoms import Reading, check_assess, pressure_assess

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}

# Every symptom of the clinical decisions' urgency tiers, as the checklist words it.
DECISION_TIERS: dict[str, str] = {
    # EMERGENCY
    "seizure": "emergency",
    "fainting": "emergency",
    "confusion": "emergency",
    "stroke-signs": "emergency",
    "speech-or-sight-lost": "emergency",
    "sudden-severe-headache": "emergency",
    "breathing": "emergency",
    "chest-pain": "emergency",
    "allergy": "emergency",
    "sepsis": "emergency",
    "belly-pain-severe": "emergency",
    "gut-bleeding": "emergency",
    "no-urine": "emergency",
    "sugar-crisis": "emergency",
    # SAME DAY
    "fever": "same-day",
    "infection-signs": "same-day",
    "exposure": "same-day",
    "shingles": "same-day",
    "less-urine": "same-day",
    "swelling": "same-day",
    "weight-gain": "same-day",
    "ln-foamy-urine": "same-day",
    "ln-bloody-urine": "same-day",
    "ln-puffy-face": "same-day",
    "ln-bp-rise": "same-day",
    "rejection-kidney": "same-day",
    "rejection-liver": "same-day",
    "rejection-heart": "same-day",
    "rejection-lung": "same-day",
    "rejection-pancreas": "same-day",
    "tremor-new": "same-day",
    "headache-new": "same-day",
    "tingling": "same-day",
    "palpitations": "same-day",
    "bp-crisis": "same-day",
    "bp-over-limit": "same-day",
    "thirst": "same-day",
    "vomiting-diarrhoea": "same-day",
    "bruising": "same-day",
    "yellow": "same-day",
    "muscle-dark-urine": "same-day",
    "skin-lump": "same-day",
    "night-sweats": "same-day",
    "pale-tired": "same-day",
    "slow-changes": "same-day",
    # NEXT VISIT
    "tremor-known": "next-visit",
    "headache-known": "next-visit",
    "sleep": "next-visit",
    "nausea-mild": "next-visit",
    "constipation": "next-visit",
    "diarrhoea-mild": "next-visit",
    "hair-thinning": "next-visit",
    "hair-gums": "next-visit",
    "cream-burning-mild": "next-visit",
}
TOXICITY_AREAS = [
    "kidney",
    "blood-pressure",
    "nervous-system",
    "infection",
    "blood-sugar",
    "potassium",
    "heart-rhythm",
    "gut",
    "skin-cancer",
    "allergy",
    "rejection",
    "cream-burning",
]


def medicine(slug: str) -> catalog.Medicine:
    return catalog.medicines_get()[slug]


def tier_of(*ids: str, slug: str | None = "tacrolimus-ir") -> str:
    return check_assess(symptom_ids=list(ids), medicine=medicine(slug) if slug else None).tier.id


# --- Content -----------------------------------------------------------------------


@pytest.mark.parametrize(("symptom_id", "tier"), sorted(DECISION_TIERS.items()))
def test_every_decision_symptom_maps_to_its_tier(symptom_id: str, tier: str) -> None:
    assert symptoms.content_get().symptoms[symptom_id].tier == tier


@pytest.mark.parametrize("area", TOXICITY_AREAS)
def test_every_toxicity_area_has_a_symptom(area: str) -> None:
    assert any(area in s.signals for s in symptoms.content_get().symptoms.values())


def test_every_symptom_links_to_a_real_lesson_section_and_has_sources() -> None:
    lessons = catalog.lessons_get()
    for symptom in symptoms.content_get().symptoms.values():
        assert lessons[symptom.reason.lesson].section(symptom.reason.section) is not None
        assert symptom.reason.sources


def test_the_blood_pressure_thresholds_come_from_the_content() -> None:
    rules = symptoms.content_get().blood_pressure
    assert (rules.crisis_systolic, rules.crisis_diastolic) == (180, 120)
    assert (rules.pregnancy_systolic, rules.pregnancy_diastolic) == (160, 110)
    assert rules.recheck == "at least 1 to 2 minutes"
    assert "180" in rules.texts["crisis_same_day"].standard


def test_the_tier_wording_follows_the_decisions() -> None:
    tiers = symptoms.content_get().tiers
    assert "Do not wait or drive yourself." in tiers["emergency"].action.standard
    assert "after-hours number" in tiers["same-day"].action.standard
    assert "urgent care or the emergency department" in tiers["same-day"].action.standard
    assert "call sooner if it gets worse or worries you" in tiers["next-visit"].action.standard


def test_no_patient_text_says_there_is_nothing_to_worry_about() -> None:
    for _where, text in symptoms.texts_iter():
        for level in catalog.LEVEL_NAMES:
            assert "nothing to worry" not in text.at(level).lower()


def test_a_symptom_with_an_unknown_tier_is_refused(content_tree) -> None:
    path = content_tree / "symptoms.toml"
    path.write_text(path.read_text().replace('tier = "next-visit"', 'tier = "someday"', 1))
    with pytest.raises(ContentError, match="tier"):
        symptoms.content_get()


def test_a_symptom_linking_to_a_missing_lesson_section_is_refused(content_tree) -> None:
    path = content_tree / "symptoms.toml"
    path.write_text(path.read_text().replace('section = "burning"', 'section = "nope"', 1))
    with pytest.raises(ContentError, match="no section 'nope'"):
        symptoms.content_get()


def test_an_escalation_naming_an_unknown_symptom_is_refused(content_tree) -> None:
    path = content_tree / "symptoms.toml"
    path.write_text(path.read_text().replace('[["thirst"]', '[["thirsty"]', 1))
    with pytest.raises(ContentError, match="unknown value 'thirsty'"):
        symptoms.content_get()


def test_the_content_is_loaded_once_and_cached() -> None:
    assert symptoms.content_get() is symptoms.content_get()


# --- Rules -------------------------------------------------------------------------


def test_any_emergency_item_wins() -> None:
    assert tier_of("sleep", "fever", "seizure") == "emergency"
    assert tier_of("constipation", "chest-pain") == "emergency"


def test_the_highest_tier_ticked_decides() -> None:
    assert tier_of("sleep") == "next-visit"
    assert tier_of("sleep", "fever") == "same-day"


def test_two_same_day_items_say_do_not_wait() -> None:
    one = check_assess(symptom_ids=["fever"], medicine=medicine("tacrolimus-ir"))
    two = check_assess(symptom_ids=["fever", "bruising"], medicine=medicine("tacrolimus-ir"))
    assert not one.two_same_day
    assert two.two_same_day


def test_two_same_day_items_under_an_emergency_stay_an_emergency() -> None:
    result = check_assess(
        symptom_ids=["fever", "bruising", "seizure"], medicine=medicine("tacrolimus-ir")
    )
    assert result.tier.id == "emergency"
    assert not result.two_same_day


def test_fever_with_vomiting_is_an_emergency() -> None:
    assert tier_of("fever", "vomiting-diarrhoea") == "emergency"


def test_new_tremor_with_a_headache_is_an_emergency() -> None:
    assert tier_of("tremor-new", "headache-new") == "emergency"


def test_high_home_pressure_with_dizziness_is_an_emergency() -> None:
    assert tier_of("bp-crisis", "palpitations") == "emergency"
    assert tier_of("bp-crisis") == "same-day"


def test_an_infection_result_carries_the_covid_warning() -> None:
    assert check_assess(symptom_ids=["fever"], medicine=medicine("voclosporin")).infection
    assert not check_assess(symptom_ids=["bruising"], medicine=medicine("voclosporin")).infection


def test_the_transplant_group_shows_only_for_transplant_medicines() -> None:
    areas = {g.area.id for g in symptoms.checklist_groups(medicine=medicine("voclosporin"))}
    assert "rejection" not in areas
    assert "lupus-nephritis" in areas
    areas = {g.area.id for g in symptoms.checklist_groups(medicine=medicine("envarsus-xr"))}
    assert "rejection" in areas
    assert "lupus-nephritis" not in areas


def test_not_sure_lists_every_symptom() -> None:
    listed = {s.id for s in symptoms.symptoms_for(medicine=None)}
    assert listed == set(symptoms.content_get().symptoms)


def test_cream_checklist_has_cream_burning_but_not_pill_side_effects() -> None:
    listed = {s.id for s in symptoms.symptoms_for(medicine=medicine("pimecrolimus-cream"))}
    assert {"cream-burning-mild", "cream-burning-bad", "allergy", "seizure"} <= listed
    assert "tremor-new" not in listed
    assert "hair-gums" not in listed


def test_gum_overgrowth_is_listed_only_for_cyclosporine() -> None:
    assert "hair-gums" in {
        s.id for s in symptoms.symptoms_for(medicine=medicine("cyclosporine-modified"))
    }
    assert "hair-gums" not in {
        s.id for s in symptoms.symptoms_for(medicine=medicine("tacrolimus-ir"))
    }


# --- Blood pressure ----------------------------------------------------------------


def bp(
    systolic: int,
    diastolic: int,
    *,
    signs: tuple[str, ...] = (),
    pregnant: bool = False,
    second: tuple[int, int] | None = None,
    limit: tuple[int, int] | None = None,
) -> symptoms.PressureResult:
    return pressure_assess(
        first=Reading(systolic, diastolic),
        second=Reading(*second) if second else None,
        signs=signs,
        pregnant=pregnant,
        limit=Reading(*limit) if limit else None,
    )


def tier_id(result: symptoms.PressureResult) -> str | None:
    return result.tier.id if result.tier else None


def test_179_over_119_is_below_the_crisis_range() -> None:
    result = bp(179, 119)
    assert result.tier is None
    assert result.messages == ("below",)
    assert tier_id(bp(179, 119, signs=("chest-pain",))) is None


@pytest.mark.parametrize(("systolic", "diastolic"), [(180, 80), (150, 120)])
def test_crisis_range_without_danger_signs_is_same_day_and_asks_for_a_recheck(
    systolic: int, diastolic: int
) -> None:
    first = bp(systolic, diastolic)
    assert tier_id(first) == "same-day"
    assert first.recheck
    again = bp(systolic, diastolic, second=(systolic, diastolic))
    assert tier_id(again) == "same-day"
    assert again.messages == ("crisis_same_day",)
    assert not again.recheck


@pytest.mark.parametrize(("systolic", "diastolic"), [(180, 80), (150, 120)])
def test_crisis_range_with_a_danger_sign_is_an_emergency(systolic: int, diastolic: int) -> None:
    for sign in ("chest-pain", "confusion", "dizziness", "vomiting", "headache"):
        assert tier_id(bp(systolic, diastolic, signs=(sign,))) == "emergency"


def test_a_lower_recheck_after_a_crisis_reading_still_asks_for_a_call() -> None:
    result = bp(185, 90, second=(150, 90))
    assert tier_id(result) == "same-day"
    assert result.messages == ("first_high",)


@pytest.mark.parametrize(("systolic", "diastolic"), [(160, 100), (140, 110)])
def test_pregnancy_severe_range_is_same_day_at_the_maternity_unit(
    systolic: int, diastolic: int
) -> None:
    result = bp(systolic, diastolic, pregnant=True)
    assert tier_id(result) == "same-day"
    assert result.messages == ("pregnancy_same_day",)
    text = symptoms.content_get().blood_pressure.texts["pregnancy_same_day"]
    assert "maternity assessment unit today" in text.standard


@pytest.mark.parametrize(("systolic", "diastolic"), [(160, 100), (140, 110)])
def test_pregnancy_severe_range_with_a_danger_sign_is_an_emergency(
    systolic: int, diastolic: int
) -> None:
    for sign in ("headache", "vision", "upper-belly-pain", "breathless"):
        assert tier_id(bp(systolic, diastolic, pregnant=True, signs=(sign,))) == "emergency"


def test_pregnancy_159_over_109_is_below_the_severe_range() -> None:
    assert tier_id(bp(159, 109, pregnant=True)) is None
    assert tier_id(bp(159, 109, pregnant=True, signs=("headache",))) is None


def test_pregnancy_numbers_do_not_apply_without_the_setting() -> None:
    assert tier_id(bp(160, 100)) is None


def test_a_reading_above_the_team_limit_is_same_day() -> None:
    assert tier_id(bp(166, 90, limit=(165, 105))) == "same-day"
    assert bp(166, 90, limit=(165, 105)).messages == ("over_limit",)
    assert tier_id(bp(150, 106, limit=(165, 105))) == "same-day"
    assert tier_id(bp(165, 105, limit=(165, 105))) is None


# --- Pages -------------------------------------------------------------------------


def test_the_start_page_lists_every_medicine_and_not_sure(client: Client) -> None:
    html = client.get("/symptoms/").content.decode()
    for slug in catalog.medicines_get():
        assert f'href="/symptoms/{slug}/"' in html
    assert 'href="/symptoms/not-sure/"' in html
    assert 'href="/symptoms/blood-pressure/"' in html


def test_the_checklist_remembers_the_medicine(client: Client) -> None:
    client.get("/symptoms/voclosporin/")
    html = client.get("/symptoms/").content.decode()
    assert "Continue with Lupkynis (voclosporin)" in html


def test_an_unknown_product_is_a_404(client: Client) -> None:
    assert client.get("/symptoms/aspirin/").status_code == 404
    assert client.post("/symptoms/aspirin/result/", {"symptoms": ["fever"]}).status_code == 404


def test_the_checklist_groups_symptoms_by_body_area(client: Client) -> None:
    html = client.get("/symptoms/envarsus-xr/").content.decode()
    assert "<legend>Transplant: signs of rejection</legend>" in html
    assert "<legend>Brain, nerves and sight</legend>" in html
    assert 'name="symptoms" value="seizure" id="id_symptoms_0"' in html
    assert 'action="/symptoms/envarsus-xr/result/"' in html


def test_nothing_ticked_shows_a_clear_message_on_the_form(client: Client) -> None:
    response = client.post("/symptoms/voclosporin/result/", {})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in html
    assert "Tick at least one thing you notice" in html
    assert 'href="#id_symptoms_0"' in html


def test_a_symptom_not_on_the_list_is_refused_and_ticks_are_kept(client: Client) -> None:
    response = client.post(
        "/symptoms/voclosporin/result/", {"symptoms": ["fever", "rejection-kidney"]}
    )
    html = response.content.decode()
    assert "is not on this list" in html
    assert 'value="fever" id="id_symptoms_' in html
    assert re.search(r'value="fever" id="id_symptoms_\d+" checked', html)


def test_nothing_ticked_as_htmx_returns_the_form_partial(client: Client) -> None:
    html = client.post("/symptoms/voclosporin/result/", {}, **HTMX).content.decode()
    assert "<html" not in html
    assert "Tick at least one thing you notice" in html


def test_an_emergency_result_leads_with_the_emergency_number(client: Client) -> None:
    html = client.post("/symptoms/voclosporin/result/", {"symptoms": ["seizure", "sleep"]})
    html = html.content.decode()
    main = html[html.index('<main id="main"') :]
    panel = main.index('id="urgent-panel"')
    assert main.index('href="tel:911"') > panel
    assert main.index('href="tel:911"') < main.index("Do not wait")
    assert "<h1" in main[panel : main.index('href="tel:911"')]
    assert "A seizure (fit)" in main
    assert "Trouble sleeping" in main
    assert main.index("A seizure (fit)") < main.index("Trouble sleeping")
    assert 'href="/learn/side-effects/#emergency"' in main
    assert "nothing to worry" not in html.lower()


def test_an_emergency_result_uses_the_visitors_own_number(client: Client) -> None:
    client.post("/settings/", {"emergency_number": "112", "poison_number": "1-800-222-1222"})
    html = client.post("/symptoms/not-sure/result/", {"symptoms": ["chest-pain"]}).content.decode()
    assert 'href="tel:112"' in html
    assert 'href="tel:911"' not in html


def test_a_same_day_result_shows_the_team_numbers_when_known(client: Client) -> None:
    client.post(
        "/settings/",
        {
            "emergency_number": "911",
            "poison_number": "1-800-222-1222",
            "team_day_number": "555 0100",
            "team_after_hours_number": "555 0199",
        },
    )
    html = client.post("/symptoms/voclosporin/result/", {"symptoms": ["bruising"]})
    html = html.content.decode()
    assert "Same day" in html
    assert 'href="tel:5550100"' in html
    assert 'href="tel:5550199"' in html
    assert "do not wait for tomorrow" not in html.lower()


def test_a_same_day_result_without_team_numbers_says_how_to_add_them(client: Client) -> None:
    html = client.post("/symptoms/voclosporin/result/", {"symptoms": ["bruising"]})
    assert "Add your care team" in html.content.decode()


def test_two_same_day_items_say_do_not_wait_for_tomorrow_on_the_page(client: Client) -> None:
    html = client.post("/symptoms/voclosporin/result/", {"symptoms": ["bruising", "thirst"]})
    assert "do not wait for tomorrow" in html.content.decode().lower()


def test_an_infection_result_shows_the_covid_warning(client: Client) -> None:
    html = client.post("/symptoms/voclosporin/result/", {"symptoms": ["fever"]}).content.decode()
    assert 'id="covid-warning"' in html
    assert "before taking any COVID medicine" in html


def test_a_next_visit_result_says_to_call_sooner(client: Client) -> None:
    html = client.post("/symptoms/tacrolimus-ir/result/", {"symptoms": ["constipation"]})
    html = html.content.decode()
    assert "Next visit" in html
    assert "call sooner if it gets worse" in html


def test_a_result_as_htmx_returns_only_the_result(client: Client) -> None:
    response = client.post("/symptoms/voclosporin/result/", {"symptoms": ["seizure"]}, **HTMX)
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="urgent-panel"' in html
    assert 'href="tel:911"' in html
    assert response["Vary"] and "HX-Request" in response["Vary"]


def test_the_result_offers_a_summary_for_the_clinic(client: Client) -> None:
    html = client.post("/symptoms/voclosporin/result/", {"symptoms": ["fever"]}).content.decode()
    assert 'action="/symptoms/summary/"' in html
    assert '<input type="hidden" name="symptoms" value="fever">' in html


def test_a_result_url_opened_directly_goes_back_to_its_form(client: Client) -> None:
    response = client.get("/symptoms/voclosporin/result/?level=easy")
    assert response.status_code == 302
    assert response["Location"] == "/symptoms/voclosporin/"
    assert response.cookies["level"].value == "easy"
    response = client.get("/symptoms/blood-pressure/result/")
    assert response["Location"] == "/symptoms/blood-pressure/"
    assert client.get("/symptoms/aspirin/result/").status_code == 404


def test_every_reason_is_measured_by_the_readability_tests() -> None:
    from education.readability import content_grades

    measured = {row.where for row in content_grades()}
    for reason_id in symptoms.content_get().reasons:
        assert f"symptoms reason {reason_id}" in measured
    for area in symptoms.content_get().areas:
        assert f"symptom checklist {area.id}" in measured


def test_the_blood_pressure_page_starts_from_the_remembered_pregnancy_setting(
    client: Client,
) -> None:
    assert (
        'name="pregnant" id="id_pregnant" checked'
        not in client.get("/symptoms/blood-pressure/").content.decode()
    )
    client.post(
        "/settings/",
        {
            "emergency_number": "911",
            "poison_number": "1-800-222-1222",
            "pregnant_or_postpartum": "on",
        },
    )
    html = client.get("/symptoms/blood-pressure/").content.decode()
    assert re.search(r'name="pregnant"[^>]*checked', html)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"systolic": "0", "diastolic": "80"}, "top number as a whole number from 50 to 300"),
        ({"systolic": "400", "diastolic": "80"}, "top number as a whole number from 50 to 300"),
        ({"systolic": "120", "diastolic": "400"}, "bottom number as a whole number from 30"),
        ({"systolic": "high", "diastolic": "80"}, "top number as a whole number"),
        ({"systolic": "", "diastolic": "80"}, "Enter the top number of your reading."),
        ({"systolic": "90", "diastolic": "120"}, "must be lower than the top number"),
        (
            {"systolic": "150", "diastolic": "90", "systolic_2": "150"},
            "Enter both numbers of your second reading",
        ),
    ],
)
def test_bad_blood_pressure_input_gets_a_clear_message(
    client: Client, data: dict[str, str], message: str
) -> None:
    response = client.post("/symptoms/blood-pressure/result/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in html
    assert message in html
    assert 'id="urgent-panel"' not in html


def test_bad_blood_pressure_input_keeps_what_was_typed(client: Client) -> None:
    html = client.post(
        "/symptoms/blood-pressure/result/", {"systolic": "90", "diastolic": "120"}
    ).content.decode()
    assert 'value="90"' in html
    assert 'value="120"' in html


def test_a_crisis_reading_asks_for_a_second_reading(client: Client) -> None:
    html = client.post(
        "/symptoms/blood-pressure/result/", {"systolic": "180", "diastolic": "80"}
    ).content.decode()
    assert "Same day" in html
    assert "wait at least 1 to 2 minutes" in html
    assert 'id="second-reading"' in html
    assert 'name="systolic_2"' in html


def test_a_crisis_reading_with_chest_pain_shows_the_emergency_number(client: Client) -> None:
    html = client.post(
        "/symptoms/blood-pressure/result/",
        {"systolic": "150", "diastolic": "120", "signs": ["chest-pain"]},
    ).content.decode()
    assert "Emergency" in html
    assert 'href="tel:911"' in html


def test_a_pregnancy_reading_says_go_to_the_maternity_unit(client: Client) -> None:
    html = client.post(
        "/symptoms/blood-pressure/result/",
        {"systolic": "160", "diastolic": "100", "pregnant": "on"},
    ).content.decode()
    assert "maternity assessment unit today" in html


def test_a_reading_below_every_threshold_never_says_all_is_well(client: Client) -> None:
    html = client.post(
        "/symptoms/blood-pressure/result/", {"systolic": "120", "diastolic": "80"}
    ).content.decode()
    assert "below the numbers that need a call" in html
    assert "nothing to worry" not in html.lower()


def test_a_blood_pressure_result_as_htmx_returns_only_the_result(client: Client) -> None:
    html = client.post(
        "/symptoms/blood-pressure/result/", {"systolic": "120", "diastolic": "80"}, **HTMX
    ).content.decode()
    assert "<html" not in html
    assert 'id="pressure-messages"' in html


def test_bad_blood_pressure_input_as_htmx_returns_the_form(client: Client) -> None:
    html = client.post(
        "/symptoms/blood-pressure/result/", {"systolic": "0", "diastolic": "80"}, **HTMX
    ).content.decode()
    assert "<html" not in html
    assert 'id="error-summary"' in html


def test_the_summary_lists_ticks_tiers_and_the_time(client: Client) -> None:
    response = client.post(
        "/symptoms/summary/", {"product": "voclosporin", "symptoms": ["fever", "sleep"]}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Summary for your care team" in html
    assert "Lupkynis (voclosporin)" in html
    assert re.search(r"\d{1,2} \w+ 20\d\d, \d\d:\d\d", html)
    assert "<td>A fever of 38.0 °C (100.4 °F)" in html
    assert "<td>Same day</td>" in html
    assert "<td>Next visit</td>" in html


def test_the_summary_shows_blood_pressure_readings(client: Client) -> None:
    result = client.post(
        "/symptoms/blood-pressure/result/",
        {"systolic": "185", "diastolic": "95", "systolic_2": "182", "diastolic_2": "96"},
    ).content.decode()
    assert '<input type="hidden" name="systolic" value="185">' in result
    html = client.post(
        "/symptoms/summary/",
        {"systolic": "185", "diastolic": "95", "systolic_2": "182", "diastolic_2": "96"},
    ).content.decode()
    assert "185/95" in html
    assert "182/96" in html
    assert "<td>Same day</td>" in html


def test_an_empty_summary_is_refused_with_a_way_back(client: Client) -> None:
    response = client.post("/symptoms/summary/", {"product": "voclosporin"})
    assert response.status_code == 400
    assert "nothing to show yet" in response.content.decode()
    assert client.post("/symptoms/summary/", {"product": "aspirin"}).status_code == 404
