"""The people an account looks after: list, add, edit, remove, and choose who is current."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from education import catalog
from education.models import Membership
from education.people import (
    PersonForm,
    people_visible,
    person_can_edit,
    person_can_manage,
    person_choose,
    person_current,
    person_delete,
    person_get,
    person_save,
)
from education.preferences import prefs_get


def form_page(request: HttpRequest, template: str, context: dict[str, object]) -> HttpResponse:
    context["emergency_choices"] = catalog.contacts_get().emergency_choices
    return render(request, template, context)


@login_required
@require_GET
def people_list(request: HttpRequest) -> HttpResponse:
    current = person_current(request)
    shared = {
        membership.person_id: membership
        for membership in Membership.objects.filter(user=request.user)
    }
    people = [
        {
            "person": person,
            "current": current is not None and person.pk == current.pk,
            "membership": shared.get(person.pk),
            "can_edit": person_can_edit(user=request.user, person=person),
            "can_manage": person_can_manage(user=request.user, person=person),
        }
        for person in people_visible(user=request.user).select_related("account")
    ]
    return render(request, "education/people.html", {"people": people})


@login_required
@require_http_methods(["GET", "POST"])
def person_add(request: HttpRequest) -> HttpResponse:
    prefs = prefs_get(request)
    current = person_current(request)
    initial = {
        "emergency_number": prefs.emergency_number,
        "poison_number": prefs.poison_number,
        "time_zone": current.time_zone if current else "",
    }
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        person = person_save(user=request.user, form=form)
        person_choose(request=request, person=person)
        messages.success(
            request, f"Added {person.name}. Their help numbers now show on every page."
        )
        return redirect("people")
    return form_page(request, "education/person_form.html", {"form": form, "person": None})


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_get(user=request.user, person_id=person_id, edit=True)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        person = person_save(user=request.user, form=form)
        messages.success(request, f"Saved {person.name}'s details.")
        return redirect("people")
    # A failed save must not rename the page heading to what was typed.
    person.refresh_from_db()
    return form_page(request, "education/person_form.html", {"form": form, "person": person})


@login_required
@require_http_methods(["GET", "POST"])
def person_remove(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_get(user=request.user, person_id=person_id, edit=True)
    if request.method == "POST":
        name = person.name
        person_delete(user=request.user, person=person)
        messages.success(request, f"Removed {name} and everything saved for them.")
        return redirect("people")
    if not person_can_manage(user=request.user, person=person):
        raise PermissionDenied("Only the account that added this person can remove them.")
    return render(request, "education/person_delete.html", {"person": person})


@login_required
@require_POST
def person_switch(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_get(user=request.user, person_id=person_id)
    person_choose(request=request, person=person)
    messages.success(request, f"Now showing {person.name}'s help numbers.")
    # A page may send the visitor on, e.g. to a symptom check saved for this person.
    after = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        after, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(after)
    return redirect("people")
