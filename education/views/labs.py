"""Blood tests and check-ups per person, and the blood-test question on a schedule."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from education import labs, schedules
from education.people import person_can_edit, person_get
from education.preferences import level_get


def _posted(request: HttpRequest) -> QueryDict | None:
    """The form data of a POST, even an empty one (an empty POST still shows the errors)."""
    return request.POST if request.method == "POST" else None


@require_http_methods(["GET", "POST"])
@login_required
def lab_list(request: HttpRequest, person_id: int) -> HttpResponse:
    # Someone else's person is a 404 whatever the method, so look the person up first.
    person = person_get(user=request.user, person_id=person_id)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    text = labs.lab_text()
    today = labs.person_today(person=person, now=timezone.now())
    level = level_get(request)
    rows = [
        (appointment, labs.kind_label(appointment.kind))
        for appointment in labs.appointments_list(person=person)
    ]
    context = {
        "person": person,
        "upcoming": [row for row in rows if row[0].day >= today],
        "past": [row for row in rows if row[0].day < today],
        "offers": [
            (
                offer,
                text.checkups[offer.schedule.product].text.text.at(level),
                f"labs-offer-{offer.schedule.pk}",
            )
            for offer in labs.offers_list(person=person, today=today)
        ],
        "intro": text.intro.text.at(level),
        "can_edit": person_can_edit(user=request.user, person=person),
    }
    return render(request, "education/labs_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def lab_add(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_get(user=request.user, person_id=person_id, edit=True)
    form = labs.AppointmentForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        appointment = form.save(commit=False)
        appointment.person = person
        appointment.save()
        messages.success(request, f"Saved the {labs.kind_label(appointment.kind).lower()}.")
        return redirect("labs", person_id=person.pk)
    context = {"person": person, "form": form, "change": False}
    return render(request, "education/labs_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def lab_edit(request: HttpRequest, person_id: int, appointment_id: int) -> HttpResponse:
    person = person_get(user=request.user, person_id=person_id, edit=True)
    appointment = labs.appointment_get(person=person, appointment_id=appointment_id)
    form = labs.AppointmentForm(_posted(request), instance=appointment)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Saved the new date and time.")
        return redirect("labs", person_id=person.pk)
    context = {"person": person, "form": form, "change": True, "appointment": appointment}
    return render(request, "education/labs_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def lab_delete(request: HttpRequest, person_id: int, appointment_id: int) -> HttpResponse:
    person = person_get(user=request.user, person_id=person_id, edit=True)
    appointment = labs.appointment_get(person=person, appointment_id=appointment_id)
    if request.method == "POST":
        labs.appointment_delete(appointment=appointment)
        messages.success(request, "Deleted. It is gone from Today and the calendar.")
        return redirect("labs", person_id=person.pk)
    context = {
        "person": person,
        "appointment": appointment,
        "label": labs.kind_label(appointment.kind),
    }
    return render(request, "education/labs_delete.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def checkups_accept(request: HttpRequest, person_id: int, schedule_id: int) -> HttpResponse:
    person = person_get(user=request.user, person_id=person_id, edit=True)
    schedule = schedules.schedule_get(person=person, schedule_id=schedule_id)
    series = labs.lab_text().checkups.get(schedule.product)
    medicine = schedules.medicine_get(product=schedule.product)
    if series is None or medicine is None:
        raise Http404("This medicine has no check-up series.")
    today = labs.person_today(person=person, now=timezone.now())
    offered = labs.checkups_offer(schedule=schedule, today=today)
    form = labs.CheckupAcceptForm(_posted(request), initial={"time": "09:00"})
    if request.method == "POST" and offered and form.is_valid():
        added = labs.checkups_accept(
            schedule=schedule,
            time=form.cleaned_data["time"],
            place=form.cleaned_data["place"],
            today=today,
        )
        messages.success(request, f"Added {len(added)} check-ups. Move or delete any of them.")
        return redirect("labs", person_id=person.pk)
    context = {
        "person": person,
        "medicine": medicine,
        "offered": offered,
        "form": form,
        "explain": series.text.text.at(level_get(request)),
        "none_left": labs.lab_text().messages["checkups_none"],
    }
    return render(request, "education/labs_checkups.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def schedule_lab(request: HttpRequest, person_id: int, schedule_id: int) -> HttpResponse:
    person = person_get(user=request.user, person_id=person_id, edit=True)
    schedule = schedules.schedule_get(person=person, schedule_id=schedule_id)
    medicine = schedules.medicine_get(product=schedule.product)
    if not labs.asks_dose_timing(medicine=medicine):
        raise Http404("This medicine has no drug-level blood test.")
    assert medicine is not None
    answer = labs.lab_answer_get(schedule=schedule)
    form = labs.LabAnswerForm(_posted(request), medicine=medicine, answer=answer)
    if request.method == "POST" and form.is_valid():
        labs.lab_answer_save(schedule=schedule, **form.answers())
        messages.success(request, f"Saved the blood-test answer for {medicine.name}.")
        return redirect("schedules", person_id=person.pk)
    context = {"person": person, "medicine": medicine, "form": form}
    return render(request, "education/labs_question.html", context)
