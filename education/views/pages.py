"""Site-wide pages: home, get help now, settings, sources, and the small files browsers ask for."""

from __future__ import annotations

from dataclasses import asdict

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_GET, require_http_methods

from education import catalog
from education.people import person_can_edit, person_current
from education.preferences import VisitorPrefsForm, prefs_get, prefs_save


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "education/home.html")


@require_GET
def help_now(request: HttpRequest) -> HttpResponse:
    return render(request, "education/help.html", {"sections": catalog.catalog_get().help})


@require_http_methods(["GET", "POST"])
def visitor_settings(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        # Signed in, the numbers belong to the person being looked after.
        person = person_current(request)
        if person is not None and person_can_edit(user=request.user, person=person):
            return redirect("person-edit", person_id=person.pk)
        return redirect("people")
    current = prefs_get(request)
    form = VisitorPrefsForm(request.POST or None, initial=asdict(current))
    if request.method == "POST" and form.is_valid():
        response = redirect("settings")
        prefs_save(response, form.prefs(current))
        messages.success(request, "Saved. These numbers now show on every page of this browser.")
        return response
    choices = catalog.contacts_get().emergency_choices
    return render(request, "education/settings.html", {"form": form, "emergency_choices": choices})


@require_GET
def sources(request: HttpRequest) -> HttpResponse:
    citations = sorted(catalog.citations_get().values(), key=lambda c: c.key)
    return render(request, "education/sources.html", {"citations": citations})


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


@require_GET
def robots(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /today/",
        "Disallow: /reminders/",
        "Disallow: /accounts/",
        # Lesson links carry an educator's name and note: for the patient, not for search.
        "Disallow: /l/",
        "Disallow: /people/",
        "Disallow: /invite/",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain")
