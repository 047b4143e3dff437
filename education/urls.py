from __future__ import annotations

from django.urls import path

from education.views import learn, pages

urlpatterns = [
    path("", pages.home, name="home"),
    path("help/", pages.help_now, name="help"),
    path("settings/", pages.visitor_settings, name="settings"),
    path("sources/", pages.sources, name="sources"),
    path("favicon.ico", pages.favicon, name="favicon"),
    path("robots.txt", pages.robots, name="robots"),
    # Learn
    path("learn/", learn.lesson_list, name="learn"),
    path("learn/glossary/", learn.glossary, name="glossary"),
    path("learn/path/<slug:audience>/", learn.audience_path, name="learn-path"),
    path("learn/<slug:slug>/", learn.lesson_detail, name="lesson"),
    path("learn/<slug:slug>/check/", learn.lesson_check, name="lesson-check"),
    # Features still being built answer with a page that says what is coming.
    path("food/", pages.coming_soon, {"feature": "food"}, name="food"),
    path("symptoms/", pages.coming_soon, {"feature": "symptoms"}, name="symptoms"),
    path("today/", pages.coming_soon, {"feature": "reminders"}, name="today"),
    path("lessons/", pages.coming_soon, {"feature": "educators"}, name="educators"),
]
