"""Refills: each schedule's pack count and run-out date, and the "new pack" form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from education import refills, schedules
from education.people import person_can_edit, person_get
from education.preferences import level_get


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def refills_page(request: HttpRequest, person_id: int) -> HttpResponse:
    # Someone else's person is a 404 whatever the method, so look the person up first.
    person = person_get(user=request.user, person_id=person_id)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    level = level_get(request)
    rows = [
        (status, status.message(level=level))
        for status in refills.refills_list(person=person, now=timezone.now())
    ]
    context = {
        "person": person,
        "rows": rows,
        "can_edit": person_can_edit(user=request.user, person=person),
    }
    return render(request, "education/refills_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def refill_new(request: HttpRequest, person_id: int, schedule_id: int) -> HttpResponse:
    person = person_get(user=request.user, person_id=person_id, edit=True)
    schedule = schedules.schedule_get(person=person, schedule_id=schedule_id)
    status = refills.refill_status(schedule=schedule, now=timezone.now())
    unit = refills.pack_unit(schedule=schedule)
    initial = {
        "started": status.today,
        "warn_days": status.pack.warn_days
        if status.pack
        else refills.refill_text().warn_days_default,
    }
    form = refills.PackForm(request.POST or None, unit=unit, today=status.today, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        refills.pack_start(
            schedule=schedule,
            units=data["units"],
            unit=unit,
            started=data["started"],
            warn_days=data["warn_days"],
            user=request.user,
        )
        messages.success(request, f"Saved the new pack of {status.name}.")
        return redirect("refills", person_id=person.pk)
    context = {"person": person, "status": status, "form": form}
    return render(request, "education/refills_new.html", context)
