"""Database models. Content lives in files under education/content/, not here."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Person(models.Model):
    """Someone whose medicine an account looks after: the account holder, a parent, a child.

    Reach people only through `education.people`, which knows who may see and change whom.
    """

    CONDITIONS = [
        ("lupus-nephritis", "Lupus nephritis"),
        ("kidney-transplant", "Kidney transplant"),
        ("liver-transplant", "Liver transplant"),
        ("heart-transplant", "Heart transplant"),
        ("lung-transplant", "Lung transplant"),
        ("pancreas-transplant", "Pancreas transplant"),
        ("other-transplant", "Another transplant"),
    ]
    FEVER_UNITS = [("C", "°C"), ("F", "°F")]

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="people"
    )
    name = models.CharField(max_length=60)
    time_zone = models.CharField(max_length=64)
    emergency_number = models.CharField(max_length=20)
    poison_number = models.CharField(max_length=30)
    team_day_number = models.CharField(max_length=30, blank=True)
    team_after_hours_number = models.CharField(max_length=30, blank=True)
    condition = models.CharField(max_length=30, choices=CONDITIONS, blank=True)
    fever_threshold = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    fever_unit = models.CharField(max_length=1, choices=FEVER_UNITS, default="C")
    pregnant_or_postpartum = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """Another account that helps look after a person, with what it may do."""

    EDIT = "edit"
    VIEW = "view"
    ROLES = [(EDIT, "Can edit"), (VIEW, "Can view")]

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=4, choices=ROLES)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "user"], name="one_membership_per_account")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.role} {self.person}"


class Invitation(models.Model):
    """A single-use link that gives the account which accepts it a role for a person.

    Only a hash of the token is stored: the link itself is shown once, to the person
    who made it, so a copy of the database cannot be used to join.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    role = models.CharField(max_length=4, choices=Membership.ROLES)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations_sent"
    )
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField()
    accepted = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_accepted",
    )

    class Meta:
        ordering = ["created", "id"]

    def __str__(self) -> str:
        return f"{self.role} invitation for {self.person}"
