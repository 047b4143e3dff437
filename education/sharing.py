"""Sharing a person's care: single-use invitation links, and who has access.

The account that added a person manages them: it invites others with a role ("can
edit": schedules and doses; "can view": today and history), sees who has access and
removes anyone. What each role may do is decided in `education.people`, so every
feature gets the roles by asking `person_get` and `person_can_edit`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from education.models import Invitation, Membership, Person
from education.people import person_can_manage

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    User = AbstractBaseUser | AnonymousUser

INVITATION_DAYS = 7
TOKEN_BYTES = 32  # 256 bits


class InvitationError(Exception):
    """Why an invitation cannot be accepted, in words for the person who opened it."""

    def __init__(self, message: str, *, status: int = 410) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_create(
    *, user: User, person: Person, role: str, now: dt.datetime | None = None
) -> tuple[Invitation, str]:
    """A new invitation and its token (shown once: only its hash is kept)."""
    if not person_can_manage(user=user, person=person):
        raise PermissionDenied("Only the account that added this person can invite others.")
    now = now or timezone.now()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    invitation = Invitation.objects.create(
        person=person,
        token_hash=token_hash(token),
        role=role,
        created_by=user,
        expires=now + dt.timedelta(days=INVITATION_DAYS),
    )
    return invitation, token


def invitation_find(*, token: str) -> Invitation:
    # The lookup is by a hash of the token, so the database comparison reveals
    # nothing useful about any real token's characters.
    invitation = (
        Invitation.objects.select_related("person", "created_by")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if invitation is None:
        raise InvitationError(
            "This invitation link does not work. Check that you copied all of it, or ask "
            "for a new one.",
            status=404,
        )
    return invitation


def invitation_check(*, invitation: Invitation, now: dt.datetime | None = None) -> None:
    """Raise InvitationError when the invitation was used or is too old."""
    now = now or timezone.now()
    if invitation.accepted is not None:
        raise InvitationError(
            "This invitation was used already. Each link works once. Ask for a new one."
        )
    if invitation.expires <= now:
        raise InvitationError(
            f"This invitation is more than {INVITATION_DAYS} days old, so it no longer works. "
            "Ask for a new one."
        )


def invitation_accept(*, user: User, token: str, now: dt.datetime | None = None) -> Membership:
    """Give the signed-in account the invitation's role, once."""
    now = now or timezone.now()
    with transaction.atomic():
        invitation = invitation_find(token=token)
        invitation_check(invitation=invitation, now=now)
        person = invitation.person
        if person.account_id == user.pk:
            raise InvitationError(
                f"You made this invitation, and you already look after {person.name}. "
                "Send the link to the person you want to share with.",
                status=409,
            )
        if Membership.objects.filter(person=person, user=user).exists():
            raise InvitationError(
                f"You already help look after {person.name}, so this link was not used. "
                "It still works for someone else.",
                status=409,
            )
        # Mark it used only if nobody else did in the meantime: single use, even when
        # two people open the same link at once.
        used = Invitation.objects.filter(pk=invitation.pk, accepted__isnull=True).update(
            accepted=now, accepted_by=user
        )
        if used != 1:
            raise InvitationError(
                "This invitation was used already. Each link works once. Ask for a new one."
            )
        try:
            return Membership.objects.create(person=person, user=user, role=invitation.role)
        except IntegrityError as error:  # pragma: no cover - guarded by the check above
            raise InvitationError("You already help look after this person.", status=409) from error


def invitation_cancel(*, user: User, person: Person, invitation_id: int) -> None:
    if not person_can_manage(user=user, person=person):
        raise PermissionDenied("Only the account that added this person can cancel invitations.")
    Invitation.objects.filter(pk=invitation_id, person=person, accepted__isnull=True).delete()


def membership_remove(*, user: User, person: Person, membership_id: int) -> Membership | None:
    """The manager removes anyone; a member may remove themselves. Takes effect at once."""
    membership = Membership.objects.filter(pk=membership_id, person=person).first()
    if membership is None:
        return None
    if not (person_can_manage(user=user, person=person) or membership.user_id == user.pk):
        raise PermissionDenied("Only the account that added this person can remove others.")
    membership.delete()
    return membership


@dataclass(frozen=True)
class Access:
    memberships: list[Membership]
    pending: list[Invitation]


def access_list(*, person: Person, now: dt.datetime | None = None) -> Access:
    now = now or timezone.now()
    return Access(
        memberships=list(person.memberships.select_related("user")),
        pending=list(person.invitations.filter(accepted__isnull=True, expires__gt=now)),
    )


class InvitationForm(forms.Form):
    role = forms.ChoiceField(
        label="What can they do?",
        choices=[
            (Membership.VIEW, "Can view: see today's doses and the history"),
            (Membership.EDIT, "Can edit: also change schedules and mark doses"),
        ],
        initial=Membership.VIEW,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what they can do.",
            "invalid_choice": "Choose what they can do.",
        },
    )
