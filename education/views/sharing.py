"""Sharing a person's care: invite by link, accept, see who has access, remove."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from education.people import person_can_manage, person_choose, person_get
from education.sharing import (
    INVITATION_DAYS,
    InvitationError,
    InvitationForm,
    access_list,
    invitation_accept,
    invitation_cancel,
    invitation_check,
    invitation_create,
    invitation_find,
    membership_remove,
)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def person_sharing(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_get(user=request.user, person_id=person_id)
    if not person_can_manage(user=request.user, person=person):
        raise PermissionDenied("Only the account that added this person can share their care.")
    form = InvitationForm(request.POST or None)
    link = ""
    invitation = None
    if request.method == "POST" and form.is_valid():
        # The link is shown now and never again: only a hash of its token is kept.
        invitation, token = invitation_create(
            user=request.user, person=person, role=form.cleaned_data["role"]
        )
        link = request.build_absolute_uri(reverse("invitation", args=[token]))
        form = InvitationForm()
    context = {
        "person": person,
        "form": form,
        "link": link,
        "invitation": invitation,
        "access": access_list(person=person),
        "days": INVITATION_DAYS,
    }
    return render(request, "education/sharing.html", context)


@login_required
@require_POST
def membership_end(request: HttpRequest, person_id: int, membership_id: int) -> HttpResponse:
    person = person_get(user=request.user, person_id=person_id)
    membership = membership_remove(user=request.user, person=person, membership_id=membership_id)
    if membership is not None and membership.user_id == request.user.pk:
        messages.success(request, f"You no longer see {person.name}'s care.")
        return redirect("people")
    if membership is not None:
        messages.success(request, f"{membership.user.email} can no longer see {person.name}.")
    return redirect("person-sharing", person_id=person.pk)


@login_required
@require_POST
def invitation_withdraw(request: HttpRequest, person_id: int, invitation_id: int) -> HttpResponse:
    person = person_get(user=request.user, person_id=person_id)
    invitation_cancel(user=request.user, person=person, invitation_id=invitation_id)
    messages.success(request, "Cancelled. That link no longer works.")
    return redirect("person-sharing", person_id=person.pk)


@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Open an invitation link; sign in or sign up first, then accept."""
    try:
        found = invitation_find(token=token)
        invitation_check(invitation=found)
        if request.method == "POST" and request.user.is_authenticated:
            membership = invitation_accept(user=request.user, token=token)
            person_choose(request=request, person=membership.person)
            messages.success(
                request,
                f"You now help look after {membership.person.name}. Their help numbers "
                "show on every page while you do.",
            )
            return redirect("people")
    except InvitationError as error:
        return render(
            request,
            "education/invitation_problem.html",
            {"message": error.message},
            status=error.status,
        )
    if request.method == "POST":
        return redirect(f"{reverse('login')}?next={request.path}")
    context = {
        "invitation": found,
        "own": request.user.is_authenticated and found.person.account_id == request.user.pk,
    }
    return render(request, "education/invitation.html", context)
