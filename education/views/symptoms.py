"""Symptoms: choose a medicine, tick what you notice, see what to do; blood pressure; summary."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from education import catalog, people, symptoms
from education.catalog import Medicine
from education.preferences import level_get, prefs_get, product_remember


def _wants_partial(request: HttpRequest) -> bool:
    return bool(request.htmx) and not request.htmx.history_restore_request


def _template(request: HttpRequest, name: str, partial: str) -> str:
    return f"{name}#{partial}" if _wants_partial(request) else name


def _medicine_or_404(slug: str) -> Medicine | None:
    if slug == symptoms.NOT_SURE:
        return None
    medicine = catalog.medicines_get().get(slug)
    if medicine is None:
        raise Http404("No medicine with that name")
    return medicine


@require_GET
def symptom_start(request: HttpRequest) -> HttpResponse:
    medicines = catalog.medicines_get()
    context = {
        "medicines": medicines.values(),
        "remembered": medicines.get(prefs_get(request).product),
        "not_sure": symptoms.NOT_SURE,
        "diary_person": people.person_current(request),
    }
    return render(request, "education/symptoms_start.html", context)


def _checklist_context(
    slug: str, medicine: Medicine | None, form: symptoms.SymptomForm
) -> dict[str, Any]:
    groups = []
    index = 0
    for group in symptoms.checklist_groups(medicine=medicine):
        rows = []
        for symptom in group.symptoms:
            rows.append((symptom, f"id_symptoms_{index}"))
            index += 1
        groups.append((group.area, rows))
    ticked = set(form.data.getlist("symptoms")) if form.is_bound else set()
    return {
        "slug": slug,
        "medicine": medicine,
        "groups": groups,
        "form": form,
        "ticked": ticked,
        "content": symptoms.content_get(),
    }


@require_GET
def symptom_checklist(request: HttpRequest, slug: str) -> HttpResponse:
    medicine = _medicine_or_404(slug)
    form = symptoms.SymptomForm(medicine=medicine)
    response = render(
        request, "education/symptoms_checklist.html", _checklist_context(slug, medicine, form)
    )
    if medicine is not None:
        product_remember(request, response, medicine.slug)
    return response


def _diary_person(request: HttpRequest) -> object | None:
    """The person a signed-in account may save this check for, if any."""
    person = people.person_current(request)
    if person is None or not people.person_can_edit(user=request.user, person=person):
        return None
    return person


def _result_context(request: HttpRequest, result: symptoms.CheckResult) -> dict[str, Any]:
    content = symptoms.content_get()
    lessons = catalog.lessons_get()
    citations = catalog.citations_get()
    keys: dict[str, None] = {}
    for reason in [s.reason for s in result.symptoms] + [e.reason for e in result.escalations]:
        keys.update(dict.fromkeys(reason.sources))
    if result.infection:
        keys.update(dict.fromkeys(content.covid_sources))
    return {
        "result": result,
        "content": content,
        "rows": [
            {"symptom": s, "tier": content.tiers[s.tier], "lesson": lessons[s.reason.lesson]}
            for s in result.symptoms
        ],
        "escalations": [
            {
                "escalation": e,
                "tier": content.tiers[e.tier],
                "names": [s.label for s in result.symptoms if any(s.id in g for g in e.groups)],
            }
            for e in result.escalations
        ],
        "sources": [citations[key] for key in keys],
        "two_same_day": content.two_same_day.at(level_get(request)) if result.two_same_day else "",
        "diary_person": _diary_person(request),
    }


# Result pages answer GET with the form they came from: the reading-level links in
# the header point at the current URL, and a result is only ever made by a POST.
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def symptom_result(request: HttpRequest, slug: str) -> HttpResponse:
    medicine = _medicine_or_404(slug)
    if request.method == "GET":
        return redirect("symptom-checklist", slug=slug)
    form = symptoms.SymptomForm(request.POST, medicine=medicine)
    if not form.is_valid():
        context = _checklist_context(slug, medicine, form)
        name = _template(request, "education/symptoms_checklist.html", "checklist-body")
        return render(request, name, context)
    result = symptoms.check_assess(symptom_ids=form.cleaned_data["symptoms"], medicine=medicine)
    context = {**_result_context(request, result), "slug": slug, "medicine": medicine}
    name = _template(request, "education/symptoms_result.html", "result-body")
    return render(request, name, context)


def _pressure_context(form: symptoms.PressureForm) -> dict[str, Any]:
    rules = symptoms.content_get().blood_pressure
    return {"form": form, "rules": rules, "lesson": catalog.lessons_get()[rules.lesson]}


@require_GET
def pressure_check(request: HttpRequest) -> HttpResponse:
    form = symptoms.PressureForm(initial={"pregnant": prefs_get(request).pregnant_or_postpartum})
    return render(request, "education/blood_pressure.html", _pressure_context(form))


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def pressure_result(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return redirect("blood-pressure")
    form = symptoms.PressureForm(request.POST)
    context = _pressure_context(form)
    if not form.is_valid():
        name = _template(request, "education/blood_pressure.html", "pressure-body")
        return render(request, name, context)
    result = form.result()
    content = symptoms.content_get()
    hidden = [
        (name, value)
        for name, value in request.POST.lists()
        if name in form.fields
        for value in value
    ]
    context.update(
        {
            "result": result,
            "hidden": hidden,
            "diary_person": _diary_person(request),
            "messages_shown": [content.blood_pressure.texts[key] for key in result.messages],
            "citations": [catalog.citations_get()[k] for k in content.blood_pressure.sources],
        }
    )
    name = _template(request, "education/blood_pressure_result.html", "pressure-result-body")
    return render(request, name, context)


@require_POST
def symptom_summary(request: HttpRequest) -> HttpResponse:
    """A page to print or show at the clinic, rebuilt from what the result page posted."""
    medicine = _medicine_or_404(request.POST.get("product", symptoms.NOT_SURE))
    posted = symptoms.posted_parse(data=request.POST, medicine=medicine)
    context: dict[str, Any] = {"medicine": medicine, "made": timezone.localtime()}
    if posted.check is not None:
        context.update(_result_context(request, posted.check))
    if posted.pressure is not None:
        texts = symptoms.content_get().blood_pressure.texts
        context["pressure"] = posted.pressure
        context["pressure_messages"] = [texts[key] for key in posted.pressure.messages]
    return render(
        request, "education/symptoms_summary.html", context, status=400 if posted.empty else 200
    )


# --- The symptom diary -------------------------------------------------------------


@login_required
def symptom_diary(request: HttpRequest, person_id: int) -> HttpResponse:
    # Access is checked before the method, so another account learns nothing either way.
    person = people.person_get(user=request.user, person_id=person_id)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    context = {
        "person": person,
        "entries": symptoms.diary_list(person=person),
        "can_edit": people.person_can_edit(user=request.user, person=person),
    }
    return render(request, "education/symptom_diary.html", context)


@login_required
@require_POST
def symptom_diary_save(request: HttpRequest, person_id: int) -> HttpResponse:
    person = people.person_get(user=request.user, person_id=person_id, edit=True)
    medicine = _medicine_or_404(request.POST.get("product", symptoms.NOT_SURE))
    posted = symptoms.posted_parse(data=request.POST, medicine=medicine)
    if posted.empty:
        context = {"medicine": medicine, "made": timezone.localtime()}
        return render(request, "education/symptoms_summary.html", context, status=400)
    symptoms.check_save(person=person, posted=posted)
    messages.success(request, f"Saved to {person.name}'s symptom diary.")
    return redirect("symptom-diary", person_id=person.pk)
