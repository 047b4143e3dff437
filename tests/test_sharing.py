"""Sharing a person's care: invitation links, roles, and removal."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from education.models import Invitation, Membership, Person
from education.people import people_visible, person_can_edit, person_can_manage, person_role
from education.sharing import (
    INVITATION_DAYS,
    InvitationError,
    invitation_accept,
    invitation_create,
    token_hash,
)
from tests.helpers import account_create, person_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def helper(db: None) -> object:
    """A second account, with nobody of its own yet, who will help look after "Me"."""
    return account_create("lee@example.org")


def invite(person: Person, role: str = "view") -> str:
    _invitation, token = invitation_create(user=person.account, person=person, role=role)
    return token


def share(person: Person, user: object, role: str) -> Membership:
    return Membership.objects.create(person=person, user=user, role=role)


def signed_in(user: object) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- Invitations ---------------------------------------------------------------------


def test_an_invitation_token_is_long_random_and_stored_only_as_a_hash(person: Person) -> None:
    invitation, token = invitation_create(user=person.account, person=person, role="view")
    assert len(token) >= 43  # 32 random bytes, URL-safe base64: 256 bits
    assert invitation.token_hash == token_hash(token)
    assert token not in invitation.token_hash
    assert not Invitation.objects.filter(token_hash=token).exists()
    assert invite(person) != token


def test_an_invitation_expires_after_7_days(person: Person) -> None:
    invitation, _token = invitation_create(user=person.account, person=person, role="edit")
    assert invitation.expires - invitation.created == pytest.approx(
        dt.timedelta(days=INVITATION_DAYS), abs=dt.timedelta(seconds=5)
    )
    assert INVITATION_DAYS == 7


def test_accepting_gives_the_role_and_uses_up_the_invitation(
    person: Person, helper: object
) -> None:
    token = invite(person, "edit")
    membership = invitation_accept(user=helper, token=token)
    assert membership.person == person
    assert membership.role == "edit"
    invitation = Invitation.objects.get()
    assert invitation.accepted is not None
    assert invitation.accepted_by == helper
    assert list(people_visible(user=helper)) == [person]


def test_an_invitation_works_until_it_expires_and_not_after(person: Person, helper: object) -> None:
    now = timezone.now()
    _invitation, token = invitation_create(user=person.account, person=person, role="view", now=now)
    late = now + dt.timedelta(days=7, seconds=1)
    with pytest.raises(InvitationError, match="more than 7 days old"):
        invitation_accept(user=helper, token=token, now=late)
    assert not Membership.objects.exists()
    just_in_time = now + dt.timedelta(days=7) - dt.timedelta(seconds=1)
    assert invitation_accept(user=helper, token=token, now=just_in_time).role == "view"


def test_an_invitation_cannot_be_used_twice(person: Person, helper: object) -> None:
    token = invite(person)
    invitation_accept(user=helper, token=token)
    other = account_create("max@example.org")
    with pytest.raises(InvitationError, match="used already"):
        invitation_accept(user=other, token=token)
    assert list(people_visible(user=other)) == []


def test_the_manager_cannot_accept_their_own_invitation(person: Person) -> None:
    token = invite(person)
    with pytest.raises(InvitationError, match="You made this invitation") as error:
        invitation_accept(user=person.account, token=token)
    assert error.value.status == 409
    assert Invitation.objects.get().accepted is None


def test_someone_who_already_has_access_does_not_use_up_the_link(
    person: Person, helper: object
) -> None:
    share(person, helper, "view")
    token = invite(person, "edit")
    with pytest.raises(InvitationError, match="already help look after"):
        invitation_accept(user=helper, token=token)
    assert Invitation.objects.get().accepted is None
    assert Membership.objects.get().role == "view"


def test_an_unknown_token_is_refused(helper: object) -> None:
    with pytest.raises(InvitationError, match="does not work") as error:
        invitation_accept(user=helper, token="made-up")
    assert error.value.status == 404


# --- Invitation pages ----------------------------------------------------------------


def test_the_manager_makes_an_invitation_link_and_sees_it_once(
    client: Client, account: object, person: Person
) -> None:
    client.force_login(account)
    response = client.post(f"/people/{person.pk}/sharing/", {"role": "view"})
    assert response.status_code == 200
    html = response.content.decode()
    link = re.search(r'id="invite-link-text">(http://testserver/invite/[\w-]+/)<', html).group(1)
    assert f'data-share="{link}"' in html
    assert "Invitation not used yet: can view" in html
    again = client.get(f"/people/{person.pk}/sharing/").content.decode()
    assert link not in again
    assert "Invitation not used yet: can view" in again


def test_a_missing_role_is_refused_clearly(client: Client, account: object, person: Person) -> None:
    client.force_login(account)
    response = client.post(f"/people/{person.pk}/sharing/", {"role": "owner"})
    assert "Choose what they can do." in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_signed_out_visitor_is_asked_to_sign_in_or_up_and_comes_back(
    client: Client, person: Person
) -> None:
    token = invite(person)
    url = f"/invite/{token}/"
    html = client.get(url).content.decode()
    assert "<h1>Help look after Me</h1>" in html
    assert "ana@example.org invited you" in html
    assert f'href="/accounts/signup/?next=/invite/{token}/"' in html
    assert client.post(url)["Location"] == f"/accounts/login/?next=/invite/{token}/"
    signup = client.post(
        f"/accounts/signup/?next={url}",
        {
            "email": "lee@example.org",
            "password1": "a-long-test-passphrase-41",
            "password2": "a-long-test-passphrase-41",
            "time_zone": "UTC",
            "next": url,
        },
    )
    assert signup["Location"] == url
    accepted = client.post(url)
    assert accepted["Location"] == "/people/"
    people = client.get("/people/").content.decode()
    assert "Shared with you by ana@example.org. You can view." in people
    # Accepting makes the shared person current, so their numbers show.
    assert client.get("/").context["prefs"].emergency_number == person.emergency_number


def test_an_expired_or_used_link_says_why(client: Client, person: Person, helper: object) -> None:
    token = invite(person)
    Invitation.objects.update(expires=timezone.now() - dt.timedelta(seconds=1))
    response = client.get(f"/invite/{token}/")
    assert response.status_code == 410
    assert "more than 7 days old" in response.content.decode()
    used = invite(person)
    invitation_accept(user=helper, token=used)
    response = signed_in(account_create("max@example.org")).post(f"/invite/{used}/")
    assert response.status_code == 410
    assert "used already" in response.content.decode()


def test_an_unknown_link_is_a_404(client: Client) -> None:
    response = client.get("/invite/not-a-real-token/")
    assert response.status_code == 404
    assert "does not work" in response.content.decode()


def test_the_manager_opening_their_own_link_is_told_to_send_it(
    account: object, person: Person
) -> None:
    token = invite(person)
    client = signed_in(account)
    html = client.get(f"/invite/{token}/").content.decode()
    assert "This is your own invitation" in html
    response = client.post(f"/invite/{token}/")
    assert response.status_code == 409
    assert Invitation.objects.get().accepted is None


def test_a_cancelled_invitation_no_longer_works(
    account: object, person: Person, helper: object
) -> None:
    invitation, token = invitation_create(user=account, person=person, role="view")
    response = signed_in(account).post(f"/people/{person.pk}/invitations/{invitation.pk}/cancel/")
    assert response["Location"] == f"/people/{person.pk}/sharing/"
    assert signed_in(helper).get(f"/invite/{token}/").status_code == 404


# --- Roles ---------------------------------------------------------------------------


def test_each_role_is_reported_and_only_the_manager_manages(
    person: Person, helper: object, stranger: object
) -> None:
    assert person_role(user=person.account, person=person) == "manage"
    assert person_role(user=stranger, person=person) is None
    share(person, helper, "view")
    assert person_role(user=helper, person=person) == "view"
    assert not person_can_edit(user=helper, person=person)
    Membership.objects.update(role="edit")
    assert person_can_edit(user=helper, person=person)
    assert not person_can_manage(user=helper, person=person)
    assert person_can_manage(user=person.account, person=person)


def test_a_viewer_sees_the_person_but_cannot_change_anything(
    person: Person, helper: object
) -> None:
    share(person, helper, "view")
    client = signed_in(helper)
    people = client.get("/people/").content.decode()
    assert "<h2>Me" in people
    assert f'href="/people/{person.pk}/edit/"' not in people
    assert f'href="/people/{person.pk}/sharing/"' not in people
    edit = client.post(f"/people/{person.pk}/edit/", {"name": "Changed"})
    assert edit.status_code == 403
    assert "cannot change" in edit.content.decode()
    assert client.get(f"/people/{person.pk}/edit/").status_code == 403
    assert client.get(f"/people/{person.pk}/remove/").status_code == 403
    assert client.post(f"/people/{person.pk}/remove/").status_code == 403
    assert client.get(f"/people/{person.pk}/sharing/").status_code == 403
    assert client.post(f"/people/{person.pk}/sharing/", {"role": "edit"}).status_code == 403
    assert client.post(f"/people/{person.pk}/choose/").status_code == 302
    person.refresh_from_db()
    assert person.name == "Me"
    assert not Invitation.objects.exists()


def test_an_editor_may_change_details_but_not_remove_or_share(
    person: Person, helper: object
) -> None:
    share(person, helper, "edit")
    client = signed_in(helper)
    people = client.get("/people/").content.decode()
    assert f'href="/people/{person.pk}/edit/"' in people
    assert f'href="/people/{person.pk}/remove/"' not in people
    data = {
        "name": "Me",
        "time_zone": "UTC",
        "emergency_number": "112",
        "poison_number": "1",
        "fever_unit": "C",
    }
    assert client.post(f"/people/{person.pk}/edit/", data).status_code == 302
    person.refresh_from_db()
    assert person.emergency_number == "112"
    assert client.post(f"/people/{person.pk}/remove/").status_code == 403
    assert client.get(f"/people/{person.pk}/sharing/").status_code == 403
    assert Person.objects.filter(pk=person.pk).exists()


def test_the_manager_sees_who_has_access(account: object, person: Person, helper: object) -> None:
    share(person, helper, "edit")
    html = signed_in(account).get(f"/people/{person.pk}/sharing/").content.decode()
    assert "<strong>lee@example.org</strong>: can edit" in html


# --- Removal -------------------------------------------------------------------------


def test_removing_a_member_takes_effect_at_once(
    account: object, person: Person, helper: object
) -> None:
    membership = share(person, helper, "edit")
    theirs = signed_in(helper)
    theirs.post(f"/people/{person.pk}/choose/")
    assert theirs.get("/").context["prefs"].emergency_number == "911"
    response = signed_in(account).post(f"/people/{person.pk}/sharing/{membership.pk}/remove/")
    assert response["Location"] == f"/people/{person.pk}/sharing/"
    assert not Membership.objects.exists()
    assert theirs.get(f"/people/{person.pk}/edit/").status_code == 404
    assert theirs.post(f"/people/{person.pk}/choose/").status_code == 404
    assert "<h2>Me" not in theirs.get("/people/").content.decode()
    # The removed account's pages fall back to its own browser's numbers.
    assert theirs.get("/").context["prefs"].emergency_number == "911"
    assert list(people_visible(user=helper)) == []


def test_a_member_can_stop_seeing_a_person_but_not_remove_others(
    person: Person, helper: object
) -> None:
    mine = share(person, helper, "edit")
    other = share(person, account_create("max@example.org"), "view")
    client = signed_in(helper)
    assert client.post(f"/people/{person.pk}/sharing/{other.pk}/remove/").status_code == 403
    assert Membership.objects.filter(pk=other.pk).exists()
    response = client.post(f"/people/{person.pk}/sharing/{mine.pk}/remove/")
    assert response["Location"] == "/people/"
    assert not Membership.objects.filter(pk=mine.pk).exists()


def test_a_manager_cannot_remove_a_membership_of_another_person(
    account: object, person: Person, stranger: object, helper: object
) -> None:
    sams = share(stranger.people.get(), helper, "view")
    signed_in(account).post(f"/people/{person.pk}/sharing/{sams.pk}/remove/")
    assert Membership.objects.filter(pk=sams.pk).exists()


def test_removing_a_person_removes_their_sharing(
    account: object, person: Person, helper: object
) -> None:
    share(person, helper, "view")
    invite(person)
    signed_in(account).post(f"/people/{person.pk}/remove/")
    assert not Membership.objects.exists()
    assert not Invitation.objects.exists()


def test_an_account_sees_its_own_people_and_those_shared_with_it(
    account: object, helper: object
) -> None:
    own = person_create(account=helper, name="Dad")
    mum = person_create(account=account, name="Mum")
    share(mum, helper, "view")
    assert [p.name for p in people_visible(user=helper)] == ["Dad", "Mum"]
    assert own in people_visible(user=helper)
