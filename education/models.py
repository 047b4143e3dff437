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


# --- Schedules and reminders -----------------------------------------------------------


class Schedule(models.Model):
    """One product a person takes. Its doses live in versions, so a dose change keeps history.

    Reach schedules only through `education.schedules`, which checks who may see them.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="schedules")
    product = models.CharField(max_length=40)  # a slug from content/medicines.toml
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]

    def __str__(self) -> str:
        return f"{self.product} for {self.person_id}"


class ScheduleVersion(models.Model):
    """The doses of a schedule from one date, until an optional last date."""

    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="versions")
    start = models.DateField()
    end = models.DateField(null=True, blank=True)  # the last day of this version
    note = models.CharField(max_length=200, blank=True)
    # The care team's late-dose window, asked only for products without one in the label.
    team_window_hours = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="schedule_version_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.schedule_id} from {self.start}"


class ScheduledDose(models.Model):
    """One dose time of a version, with its amount (morning and evening may differ)."""

    version = models.ForeignKey(ScheduleVersion, on_delete=models.CASCADE, related_name="doses")
    time = models.TimeField()
    amount = models.DecimalField(max_digits=7, decimal_places=2)
    unit = models.CharField(max_length=20)

    class Meta:
        ordering = ["time"]
        constraints = [
            models.UniqueConstraint(fields=["version", "time"], name="one_dose_per_time")
        ]

    def __str__(self) -> str:
        return f"{self.time:%H:%M} {self.amount_words}"

    @property
    def amount_words(self) -> str:
        """2.50 mg -> "2.5 mg"; 10 capsules stays "10 capsules"."""
        return f"{self.amount.normalize():f} {self.unit}"


class DoseRecord(models.Model):
    """What happened to one scheduled dose on one day."""

    STATUSES = [("taken", "Taken"), ("skipped", "Skipped")]

    dose = models.ForeignKey(ScheduledDose, on_delete=models.CASCADE, related_name="records")
    day = models.DateField()
    status = models.CharField(max_length=10, choices=STATUSES)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    marked_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dose", "day"], name="one_record_per_dose_and_day")
        ]

    def __str__(self) -> str:
        return f"{self.dose_id} on {self.day}: {self.status}"


class ReminderFeed(models.Model):
    """A person's private calendar feed and how its reminders look.

    The database keeps only a SHA-256 hash of the link's token; the token itself is
    derived from the server secret and `nonce`, so the page can show the link again
    while a copy of the database alone cannot rebuild it. A new nonce kills the old link.
    """

    TRAVEL_MODES = [("home", "Keep my home times"), ("local", "Follow local time")]

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="reminder_feed")
    nonce = models.CharField(max_length=64)
    token_hash = models.CharField(max_length=64, unique=True)
    show_names = models.BooleanField(default=False)
    alarm_minutes = models.PositiveSmallIntegerField(default=15)
    travel_mode = models.CharField(max_length=10, choices=TRAVEL_MODES, default="home")
    updated = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"feed of {self.person_id}"
