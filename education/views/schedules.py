"""Schedules per person, their reminder feed, and the Today checklist."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from education import catalog, refills, reminders, schedules, today
from education.people import person_get
from education.preferences import level_get


def _wants_partial(request: HttpRequest) -> bool:
    return bool(request.htmx) and not request.htmx.history_restore_request


def _medicine_or_none(product: str) -> catalog.Medicine | None:
    return schedules.medicine_get(product=product) if product else None


# --- Schedules -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def schedule_list(request: HttpRequest, person_id: int) -> HttpResponse:
    # Someone else's person is a 404 whatever the method, so look the person up first.
    person = person_get(user=request.user, person_id=person_id)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    context = {"person": person, "schedules": schedules.schedules_list(person=person)}
    return render(request, "education/schedules.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def schedule_add(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_get(user=request.user, person_id=person_id, edit=True)
    product_form = schedules.ProductForm(request.GET if "product" in request.GET else None)
    medicine = None
    if product_form.is_bound and product_form.is_valid():
        medicine = _medicine_or_none(product_form.cleaned_data["product"])
    if medicine is None:
        context = {"person": person, "product_form": product_form}
        return render(request, "education/schedule_product.html", context)
    initial: dict[str, Any] = {"start": timezone.localdate(), "unit": ""}
    count = min(medicine.doses_per_day)
    for index, value in enumerate(schedules.times_suggest(medicine=medicine, doses_per_day=count)):
        initial[f"time_{index + 1}"] = schedules.time_words(value)
    form = schedules.ScheduleForm(
        request.POST or None, medicine=medicine, person=person, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        schedules.schedule_create(
            person=person,
            product=medicine.slug,
            doses=data["doses"],
            start=data["start"],
            end=data["end"],
            note=data["note"],
            team_window_hours=data.get("team_window_hours"),
        )
        messages.success(request, f"Saved the schedule for {medicine.name}.")
        return redirect("schedules", person_id=person.pk)
    context = {
        "person": person,
        "medicine": medicine,
        "form": form,
        "hints": schedules.schedule_hints(medicine=medicine),
        "change": False,
    }
    return render(request, "education/schedule_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def schedule_change(request: HttpRequest, person_id: int, schedule_id: int) -> HttpResponse:
    person = person_get(user=request.user, person_id=person_id, edit=True)
    schedule = schedules.schedule_get(person=person, schedule_id=schedule_id)
    medicine = _medicine_or_none(schedule.product)
    if medicine is None:
        raise Http404("This medicine is no longer in the catalogue.")
    current = schedules.version_current(schedule=schedule)
    initial: dict[str, Any] = {"start": timezone.localdate() + dt.timedelta(days=1)}
    if current is not None:
        for index, dose in enumerate(current.doses.all(), start=1):
            initial[f"time_{index}"] = schedules.time_words(dose.time)
            initial[f"amount_{index}"] = f"{dose.amount.normalize():f}"
            initial["unit"] = dose.unit
        initial["team_window_hours"] = current.team_window_hours
        initial["note"] = current.note
    form = schedules.ScheduleForm(
        request.POST or None, medicine=medicine, person=person, current=current, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        schedules.schedule_change(
            schedule=schedule,
            doses=data["doses"],
            start=data["start"],
            end=data["end"],
            note=data["note"],
            team_window_hours=data.get("team_window_hours"),
        )
        messages.success(request, f"Saved the new dose of {medicine.name}.")
        return redirect("schedules", person_id=person.pk)
    context = {
        "person": person,
        "medicine": medicine,
        "form": form,
        "hints": schedules.schedule_hints(medicine=medicine),
        "change": True,
    }
    return render(request, "education/schedule_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def schedule_end(request: HttpRequest, person_id: int, schedule_id: int) -> HttpResponse:
    person = person_get(user=request.user, person_id=person_id, edit=True)
    schedule = schedules.schedule_get(person=person, schedule_id=schedule_id)
    medicine = _medicine_or_none(schedule.product)
    current = schedules.version_current(schedule=schedule)
    form = schedules.EndForm(
        request.POST or None, current=current, initial={"end": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        schedules.schedule_end(schedule=schedule, end=form.cleaned_data["end"])
        messages.success(request, "Saved the last day.")
        return redirect("schedules", person_id=person.pk)
    context = {"person": person, "medicine": medicine, "form": form}
    return render(request, "education/schedule_end.html", context)


# --- Reminder feed -----------------------------------------------------------------------


def _feed_links(request: HttpRequest, feed: Any) -> dict[str, str]:
    path = reverse(
        "reminders-feed",
        kwargs={"person_id": feed.person_id, "token": reminders.feed_token(feed=feed)},
    )
    https = request.build_absolute_uri(path)
    return {"https": https, "webcal": "webcal://" + https.split("://", 1)[1]}


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def reminders_page(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_get(user=request.user, person_id=person_id)
    feed = reminders.feed_get(person=person)
    form = reminders.FeedSettingsForm(request.POST or None, instance=feed)
    if request.method == "POST":
        person_get(user=request.user, person_id=person_id, edit=True)
        if form.is_valid():
            form.save()
            messages.success(request, "Saved. Calendars pick up the change within a few hours.")
            return redirect("reminders", person_id=person.pk)
    level = level_get(request)
    context = {
        "person": person,
        "form": form,
        "links": _feed_links(request, feed),
        "help": [(h.title, h.steps.at(level)) for h in schedules.schedule_text().subscribe],
        "has_schedules": bool(schedules.schedules_list(person=person)),
    }
    return render(request, "education/reminders.html", context)


@require_POST
@login_required
def reminders_regenerate(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_get(user=request.user, person_id=person_id, edit=True)
    reminders.feed_regenerate(person=person)
    messages.success(
        request,
        "Made a new calendar link. The old link no longer works: "
        "add the new one to each calendar that should keep the reminders.",
    )
    return redirect("reminders", person_id=person.pk)


def _calendar_response(request: HttpRequest, feed: Any, *, attachment: bool) -> HttpResponse:
    body = reminders.feed_render(feed=feed, today_url=request.build_absolute_uri(reverse("today")))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    if attachment:
        response["Content-Disposition"] = 'attachment; filename="medicine-reminders.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
@login_required
def reminders_download(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_get(user=request.user, person_id=person_id)
    return _calendar_response(request, reminders.feed_get(person=person), attachment=True)


@require_GET
def reminders_feed(request: HttpRequest, person_id: int, token: str) -> HttpResponse:
    """The subscribed calendar: no session, only the secret link (404 for any wrong one)."""
    feed = reminders.feed_find(person_id=person_id, token=token)
    if feed is None:
        raise Http404("No such calendar.")
    return _calendar_response(request, feed, attachment=False)


# --- Today ---------------------------------------------------------------------------------


@require_GET
@login_required
@never_cache
def today_page(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    days = today.today_list(user=request.user, now=now)
    context = {
        "days": days,
        "advice": schedules.schedule_text().advice,
        "refill_notices": refills.refill_notices(
            people=[day.person for day in days], now=now, level=level_get(request)
        ),
    }
    return render(request, "education/today.html", context)


def _mark_response(request: HttpRequest, dose: Any, day: dt.date, error: str = "") -> HttpResponse:
    if _wants_partial(request):
        now = timezone.now()
        card = today.dose_card(user=request.user, dose=dose, day=day, now=now)
        notices = refills.refill_notices(people=[card.person], now=now, level=level_get(request))
        context = {
            "card": card,
            "error": error,
            "advice": schedules.schedule_text().advice,
            "refill_notices": notices,
        }
        # The dose card, and the person's refill notices swapped out of band: a dose
        # marked taken (or undone) changes what is left in the pack.
        return render(request, "education/today.html#dose-marked", context)
    if error:
        messages.error(request, error)
    return redirect(f"{reverse('today')}#dose-{dose.pk}-{day:%Y%m%d}")


@require_POST
@login_required
@vary_on_headers("HX-Request")
def dose_mark(request: HttpRequest) -> HttpResponse:
    form = today.MarkForm(request.POST)
    if not form.is_valid() or not form.cleaned_data["status"]:
        raise Http404("No such dose.")
    dose = today.dose_find(user=request.user, dose_id=form.cleaned_data["dose"], edit=True)
    day = form.cleaned_data["day"]
    try:
        today.dose_mark(
            user=request.user,
            dose=dose,
            day=day,
            status=form.cleaned_data["status"],
            now=timezone.now(),
        )
    except today.MarkError as error:
        return _mark_response(request, dose, day, str(error))
    return _mark_response(request, dose, day)


@require_POST
@login_required
@vary_on_headers("HX-Request")
def dose_undo(request: HttpRequest) -> HttpResponse:
    form = today.MarkForm(request.POST)
    if not form.is_valid():
        raise Http404("No such dose.")
    dose = today.dose_find(user=request.user, dose_id=form.cleaned_data["dose"], edit=True)
    today.dose_undo(dose=dose, day=form.cleaned_data["day"])
    return _mark_response(request, dose, form.cleaned_data["day"])
