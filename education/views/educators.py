"""Lesson links: the educator's pages (private) and the patient's pack pages (public)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from education import catalog, educators
from education.models import EducatorProfile, LessonPack
from education.preferences import LEVEL_LABELS, level_parse, level_set

Status = LessonPack.Status


def _wants_partial(request: HttpRequest) -> bool:
    return bool(request.htmx) and not request.htmx.history_restore_request


def _pack_url(request: HttpRequest, pack: LessonPack) -> str:
    return request.build_absolute_uri(reverse("pack", args=[pack.code]))


# --- Educator pages ---------------------------------------------------------------


@require_GET
def educator_start(request: HttpRequest) -> HttpResponse:
    profile = educators.profile_get(user=request.user)
    return render(request, "education/educator_start.html", {"profile": profile})


def _profile_page(request: HttpRequest, profile: EducatorProfile | None) -> HttpResponse:
    """The "I teach patients" form: filled in from the profile, or from what was posted."""
    initial = {}
    if profile is not None:
        initial = {"display_name": profile.display_name, "clinic_name": profile.clinic_name}
    data = request.POST if request.method == "POST" else None
    form = educators.ProfileForm(data, initial=initial)
    if form.is_bound and form.is_valid():
        educators.profile_save(user=request.user, **form.cleaned_data)
        messages.success(request, "Saved. Patients will see this name on your lesson links.")
        return redirect("educators")
    context = {"form": form, "profile": profile}
    return render(request, "education/educator_profile.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def educator_profile(request: HttpRequest) -> HttpResponse:
    return _profile_page(request, educators.profile_get(user=request.user))


@login_required
@require_GET
def pack_list(request: HttpRequest) -> HttpResponse:
    profile = educators.profile_get(user=request.user)
    if profile is None:
        # Lesson links start with the name patients will see: ask for it right here.
        return _profile_page(request, None)
    packs = [
        {
            "pack": pack,
            "url": _pack_url(request, pack),
            "title": educators.pack_title(pack=pack),
            "labels": [educators.item_label(v) for v in educators.pack_values(pack)],
        }
        for pack in educators.packs_list(user=request.user)
    ]
    return render(request, "education/pack_list.html", {"profile": profile, "packs": packs})


def _focus_after(action: str, count: int) -> dict[str, int | bool]:
    """Where keyboard focus goes after a list edit: on the moved item, else the "add" list."""
    verb, _, number = action.partition("-")
    if verb in ("up", "down") and number.isdigit():
        moved_to = int(number) + (-1 if verb == "up" else 1)
        if verb == "up":
            return {"focus_up": moved_to} if moved_to > 1 else {"focus_down": 1}
        return {"focus_down": moved_to} if moved_to < count else {"focus_up": count}
    return {"focus_add": True}


def _pack_form_page(
    request: HttpRequest, *, pack: LessonPack | None, template: str
) -> HttpResponse:
    """Create and edit share one form: list edits re-show it, Save checks and stores it."""
    if educators.profile_get(user=request.user) is None:
        return _profile_page(request, None) if request.method == "GET" else redirect("educators")
    add_problem, focus = "", {}
    if request.method == "GET":
        initial: dict[str, Any] = {"level": "easy", "items": []}
        if pack is not None:
            initial = {
                "level": pack.level,
                "audience": pack.audience,
                "note": pack.note,
                "items": [v for v in educators.pack_values(pack) if educators.entry_resolve(v)],
            }
        form = educators.PackForm(initial=initial)
    else:
        action = request.POST.get("action", "save")
        form = educators.PackForm(request.POST)
        if action == "save":
            if form.is_valid():
                data = form.cleaned_data
                fields = {k: data[k] for k in ("level", "audience", "note", "items")}
                if pack is None:
                    saved = educators.pack_create(owner=request.user, **fields)
                    messages.success(request, "Your lesson link is ready to share.")
                else:
                    saved = educators.pack_update(pack=pack, **fields)
                    messages.success(request, "Saved. The link shows your changes now.")
                url = f"{reverse('educators')}#pack-{saved.pk}"
                return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
        else:
            items, add_problem = educators.items_change(
                items=request.POST.getlist("items"),
                action=action,
                add=request.POST.get("add", ""),
            )
            form = educators.PackForm(initial={**request.POST.dict(), "items": items, "add": ""})
            focus = _focus_after(action, len(items))
    items = form["items"].value() or []
    context = {
        "form": form,
        "pack": pack,
        "chosen": [(v, educators.item_label(v)) for v in items],
        "missing": [educators.item_label(v) for v in educators.pack_missing(pack=pack)]
        if pack
        else [],
        "add_problem": add_problem,
        "add_groups": educators.item_choices(),
        **focus,
        "max_items": educators.MAX_ITEMS,
    }
    if _wants_partial(request):
        return render(request, f"{template}#pack-form", context)
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def pack_new(request: HttpRequest) -> HttpResponse:
    return _pack_form_page(request, pack=None, template="education/pack_form.html")


@login_required
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def pack_edit(request: HttpRequest, pack_id: int) -> HttpResponse:
    pack = educators.pack_get(user=request.user, pack_id=pack_id)
    return _pack_form_page(request, pack=pack, template="education/pack_form.html")


@login_required
@require_POST
def pack_status(request: HttpRequest, pack_id: int) -> HttpResponse:
    pack = educators.pack_get(user=request.user, pack_id=pack_id)
    form = educators.PackStatusForm(request.POST)
    if form.is_valid():
        educators.pack_status_set(pack=pack, status=form.cleaned_data["status"])
        if pack.status == Status.PAUSED:
            messages.success(request, f"Paused. {pack.code} now shows a “no longer active” page.")
        else:
            messages.success(request, f"Resumed. {pack.code} works again.")
    return redirect(f"{reverse('educators')}#pack-{pack.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def pack_delete(request: HttpRequest, pack_id: int) -> HttpResponse:
    pack = educators.pack_get(user=request.user, pack_id=pack_id)
    if request.method == "POST":
        educators.pack_delete(pack=pack)
        messages.success(request, f"Deleted. Anyone who opens {pack.code} is told it was removed.")
        return redirect("educators")
    context = {"pack": pack, "title": educators.pack_title(pack=pack)}
    return render(request, "education/pack_delete.html", context)


@login_required
@require_GET
def pack_handout(request: HttpRequest, pack_id: int) -> HttpResponse:
    pack = educators.pack_get(user=request.user, pack_id=pack_id)
    url = _pack_url(request, pack)
    level_set(request, pack.level)
    context = {
        "pack": pack,
        "url": url,
        "open_url": request.build_absolute_uri(reverse("pack-open")),
        "title": educators.pack_title(pack=pack),
        "entries": educators.pack_entries(pack=pack),
        "profile": educators.profile_get(user=request.user),
        "qr": educators.pack_qr_svg(url=url),
    }
    return render(request, "education/pack_handout.html", context)


# --- Patient pages ----------------------------------------------------------------


def _pack_gone(request: HttpRequest, pack: LessonPack | None) -> HttpResponse:
    """Unknown codes are 404; paused and deleted ones are 410, each with a clear page."""
    state = "unknown" if pack is None else pack.status
    context = {"state": state, "form": educators.CodeForm()}
    return render(request, "education/pack_gone.html", context, status=404 if pack is None else 410)


def _pack_level(request: HttpRequest, pack: LessonPack) -> str:
    """The pack's level, unless the reader chose another with the level switch."""
    level = level_parse(request.GET.get("level")) or pack.level
    level_set(request, level)
    return level


def _pack_context(request: HttpRequest, pack: LessonPack, level: str) -> dict[str, Any]:
    # The reader's own choice of level travels with them from lesson to lesson.
    query = f"?{urlencode({'level': level})}" if level != pack.level else ""
    return {
        "pack": pack,
        "profile": getattr(pack.owner, "educator_profile", None),
        "title": educators.pack_title(pack=pack),
        "entries": educators.pack_entries(pack=pack),
        "query": query,
        "share_url": _pack_url(request, pack),
        "pack_level_label": LEVEL_LABELS[pack.level],
    }


@require_GET
def pack_open(request: HttpRequest) -> HttpResponse:
    """Type a code from a handout and go to its lessons."""
    form = educators.CodeForm(request.GET or None)
    if form.is_bound and form.is_valid():
        pack = educators.pack_find(code=form.cleaned_data["code"])
        if pack is not None:
            return redirect("pack", pack.code)
        form.add_error(
            "code", "We cannot find a lesson link with that code. Check it and try again."
        )
    return render(request, "education/pack_open.html", {"form": form})


@require_GET
@vary_on_headers("HX-Request")
def pack_detail(request: HttpRequest, code: str) -> HttpResponse:
    pack = educators.pack_find(code=code)
    if pack is None or pack.status != Status.ACTIVE:
        return _pack_gone(request, pack)
    level = _pack_level(request, pack)
    context = {**_pack_context(request, pack, level), "level_target": "#pack-body"}
    if _wants_partial(request):
        return render(request, "education/pack.html#pack-switch", context)
    educators.pack_open_count(pack=pack, viewer=request.user)
    return render(request, "education/pack.html", context)


@require_GET
@vary_on_headers("HX-Request")
def pack_lesson(request: HttpRequest, code: str, number: int) -> HttpResponse:
    pack = educators.pack_find(code=code)
    if pack is None or pack.status != Status.ACTIVE:
        return _pack_gone(request, pack)
    level = _pack_level(request, pack)
    context = _pack_context(request, pack, level)
    entries = context["entries"]
    if not 1 <= number <= len(entries):
        return redirect("pack", pack.code)
    entry = entries[number - 1]
    citations = catalog.citations_get()
    sources = entry.sources()
    context.update(
        {
            "entry": entry,
            "number": number,
            "total": len(entries),
            "previous": number - 1 if number > 1 else None,
            "next": number + 1 if number < len(entries) else None,
            "previous_entry": entries[number - 2] if number > 1 else None,
            "next_entry": entries[number] if number < len(entries) else None,
            "sources": [citations[key] for key in sources],
            "numbers": {key: index for index, key in enumerate(sources, start=1)},
            "level_target": "#pack-body",
        }
    )
    if _wants_partial(request):
        return render(request, "education/pack_lesson.html#pack-switch", context)
    return render(request, "education/pack_lesson.html", context)
