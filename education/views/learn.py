"""Learn: the lesson list, a lesson at the reader's level, reading paths, glossary, quiz."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from education import catalog, learn
from education.preferences import level_get


def _wants_partial(request: HttpRequest) -> bool:
    return bool(request.htmx) and not request.htmx.history_restore_request


@require_GET
def lesson_list(request: HttpRequest) -> HttpResponse:
    audience = request.GET.get("audience", "")
    medicine = request.GET.get("medicine", "")
    medicines = catalog.medicines_get()
    audience = audience if audience in catalog.AUDIENCES else ""
    medicine = medicine if medicine in medicines else ""
    context = {
        "lessons": learn.lessons_filter(audience=audience, medicine=medicine),
        "audiences": catalog.AUDIENCES,
        "medicines": medicines,
        "audience": audience,
        "medicine": medicine,
    }
    return render(request, "education/learn.html", context)


def _lesson_context(request: HttpRequest, lesson: catalog.Lesson) -> dict[str, Any]:
    level = level_get(request)
    audience = request.GET.get("path", "")
    citations = catalog.citations_get()
    return {
        "lesson": lesson,
        "grade": learn.lesson_grade(lesson, level),
        "numbers": learn.sources_number(lesson),
        "sources": [citations[key] for key in lesson.sources()],
        "place": learn.path_place(audience, lesson.slug) if audience else None,
        "forms": {q.id: learn.AnswerForm(question=q) for q in lesson.questions},
        "results": {},
        "level_target": "#lesson-body",
        "share_url": request.build_absolute_uri(
            f"{reverse('lesson', args=[lesson.slug])}?{urlencode({'level': level})}"
        ),
    }


def _lesson_or_404(slug: str) -> catalog.Lesson:
    lesson = learn.lesson_get(slug)
    if lesson is None:
        raise Http404("No lesson with that name")
    return lesson


@require_GET
@vary_on_headers("HX-Request")
def lesson_detail(request: HttpRequest, slug: str) -> HttpResponse:
    lesson = _lesson_or_404(slug)
    context = _lesson_context(request, lesson)
    if _wants_partial(request):
        return render(request, "education/lesson.html#lesson-switch", context)
    return render(request, "education/lesson.html", context)


@require_POST
@vary_on_headers("HX-Request")
def lesson_check(request: HttpRequest, slug: str) -> HttpResponse:
    lesson = _lesson_or_404(slug)
    question = learn.question_get(lesson, request.POST.get("question", ""))
    if question is None:
        raise Http404("No such question in this lesson")
    form = learn.AnswerForm(request.POST, question=question)
    context = _lesson_context(request, lesson)
    context["forms"][question.id] = form
    if form.is_valid():
        context["results"][question.id] = form.result()
    context["question"] = question
    if _wants_partial(request):
        return render(request, "education/lesson.html#question", context)
    return render(request, "education/lesson.html", context)


@require_GET
def audience_path(request: HttpRequest, audience: str) -> HttpResponse:
    lessons = learn.path_lessons(audience)
    if lessons is None:
        raise Http404("No reading path for that group")
    context = {"lessons": lessons, "audience": audience, "label": catalog.AUDIENCES[audience]}
    return render(request, "education/path.html", context)


@require_GET
def glossary(request: HttpRequest) -> HttpResponse:
    terms = sorted(catalog.glossary_get().values(), key=lambda term: term.word.lower())
    return render(request, "education/glossary.html", {"terms": terms})
