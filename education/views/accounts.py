"""Sign up, sign in (with a limit on failed attempts) and the account's own page."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from education.accounts import (
    LoginForm,
    SignupForm,
    client_ip,
    login_blocked_minutes,
    login_failure_record,
    login_success_record,
)
from education.people import person_choose, person_first_create
from education.preferences import prefs_get


def next_url(request: HttpRequest, default: str) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return resolve_url(default)


@sensitive_post_parameters("password1", "password2")
@never_cache
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("people")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save(commit=False)
        user.username = form.cleaned_data["email"]
        user.email = form.cleaned_data["email"]
        user.save()
        person = person_first_create(
            user=user,
            name=form.cleaned_data["first_person"],
            time_zone=form.cleaned_data["time_zone"],
            prefs=prefs_get(request),
        )
        auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        person_choose(request=request, person=person)
        messages.success(
            request,
            f"Your account is ready. We added {person.name}, with the help numbers from this "
            "browser. Check them, and add anyone else you look after.",
        )
        return redirect(next_url(request, "people"))
    return render(
        request, "registration/signup.html", {"form": form, "next": request.GET.get("next", "")}
    )


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        form = LoginForm(request)
        return render(
            request, "registration/login.html", {"form": form, "next": next_param(request)}
        )
    username = request.POST.get("username", "")
    ip = client_ip(request)
    blocked = login_blocked_minutes(username=username, ip=ip)
    form = LoginForm(request, data=request.POST, blocked_minutes=blocked)
    if form.is_valid():
        login_success_record(username=username, ip=ip)
        auth_login(request, form.get_user())
        return redirect(next_url(request, settings.LOGIN_REDIRECT_URL))
    if not blocked:
        login_failure_record(username=username, ip=ip)
    return render(
        request,
        "registration/login.html",
        {"form": form, "next": next_param(request)},
        status=429 if blocked else 200,
    )


def next_param(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    return wanted if url_has_allowed_host_and_scheme(wanted, {request.get_host()}) else ""
