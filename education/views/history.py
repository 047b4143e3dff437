"""A person's dose history (month and list), its CSV and printable page, and the schedule card.

Everyone with access to the person may read these: the account that added them and
every can-edit or can-view member. Nothing here changes data.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from education import history
from education.people import person_can_edit, person_get
from education.preferences import level_get


def _wants_partial(request: HttpRequest) -> bool:
    return bool(request.htmx) and not request.htmx.history_restore_request


# Access is checked before the method, so another account learns nothing either way.
@require_http_methods(["GET", "POST"])
@login_required
@never_cache
@vary_on_headers("HX-Request")
def history_page(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_get(user=request.user, person_id=person_id)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    now = timezone.now()
    current = now.astimezone(ZoneInfo(person.time_zone)).date().replace(day=1)
    form = history.MonthForm(request.GET, latest=current)
    valid = form.is_valid()
    first = (form.cleaned_data.get("month") if valid else None) or current
    month, shares = history.history_page_build(
        person=person, first=first, now=now, viewer=request.user
    )
    context = {
        "person": person,
        "month": month,
        "form": form,
        "shares": shares,
        "on_time": history.on_time_text(level=level_get(request)),
        "missed_text": history.history_text().missed.at(level_get(request)),
        "states": history.history_text().states,
        "can_edit": person_can_edit(user=request.user, person=person),
    }
    status = 200 if valid else 400
    if _wants_partial(request):
        # The month, and the reading-level links swapped out of band so they keep the month.
        return render(request, "education/history.html#month-swap", context, status=status)
    return render(request, "education/history.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def history_print(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_get(user=request.user, person_id=person_id)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    now = timezone.now()
    outcomes, shares = history.recent_history(person=person, now=now, viewer=None)
    last = now.astimezone(ZoneInfo(person.time_zone)).date()
    first = last - dt.timedelta(days=max(history.SHARE_DAYS) - 1)
    context = {
        "person": person,
        "outcomes": outcomes,
        "shares": shares,
        "readings": history.readings_between(person=person, first=first, last=last),
        "first": first,
        "last": last,
        "made": now.astimezone(ZoneInfo(person.time_zone)),
        "on_time": history.on_time_text(level=level_get(request)),
    }
    return render(request, "education/history_print.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def history_csv(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_get(user=request.user, person_id=person_id)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    now = timezone.now()
    body = history.history_csv(person=person, now=now)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    filename = history.csv_filename(
        person=person, day=now.astimezone(ZoneInfo(person.time_zone)).date()
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(["GET", "POST"])
@login_required
def schedule_card(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_get(user=request.user, person_id=person_id)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    level = history.CARD_LEVELS.get(level_get(request), level_get(request))
    day = timezone.now().astimezone(ZoneInfo(person.time_zone)).date()
    rows = history.card_rows(person=person, day=day, level=level)
    context = {
        "person": person,
        "rows": rows,
        "times": history.card_times(rows),
        "intro": history.history_text().card_intro.at(level),
        "made": day,
        "can_edit": person_can_edit(user=request.user, person=person),
    }
    return render(request, "education/schedule_card.html", context)
