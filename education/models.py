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


# --- Lesson links for educators ---------------------------------------------------------


class EducatorProfile(models.Model):
    """An account that has turned on "I teach patients"."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="educator_profile"
    )
    display_name = models.CharField(max_length=80)
    clinic_name = models.CharField(max_length=120, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.display_name


class LessonPack(models.Model):
    """Lessons an educator chose for a patient, shared by a short code.

    Level and audience are checked against the catalogue by education.educators, not
    by field choices, so that content changes never need a migration. A deleted pack
    stays as a tombstone (no items, no note) so its code answers "removed" and is never
    handed out again.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        DELETED = "deleted", "Deleted"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_packs"
    )
    code = models.CharField(max_length=16, unique=True)
    level = models.CharField(max_length=10)
    audience = models.CharField(max_length=40)
    note = models.TextField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    opens = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return self.code


class PackItem(models.Model):
    """One lesson, or one section of a lesson, in a pack (by slug and section id)."""

    pack = models.ForeignKey(LessonPack, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    lesson = models.CharField(max_length=80)
    section = models.CharField(max_length=80, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["pack", "position"], name="pack_item_position_unique")
        ]

    def __str__(self) -> str:
        return f"{self.lesson}#{self.section}" if self.section else self.lesson


# --- Symptom diary ---------------------------------------------------------------------


class SymptomCheck(models.Model):
    """One saved symptom or blood-pressure check, with the result the person was shown.

    The tier is kept as it was worked out at the time, so the diary shows what the
    person was told even if the content changes later.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="symptom_checks")
    created = models.DateTimeField(auto_now_add=True)
    product = models.CharField(max_length=40, blank=True)  # medicine slug; empty if not sure
    symptoms = models.JSONField(default=list, blank=True)  # ticked symptom ids
    tier = models.CharField(max_length=20, blank=True)  # empty: below every threshold
    systolic = models.PositiveSmallIntegerField(null=True, blank=True)
    diastolic = models.PositiveSmallIntegerField(null=True, blank=True)
    systolic_2 = models.PositiveSmallIntegerField(null=True, blank=True)
    diastolic_2 = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.person} {self.created:%Y-%m-%d %H:%M} {self.tier or 'reading'}"


# --- Refills -----------------------------------------------------------------------------


class RefillPack(models.Model):
    """How much of a schedule's medicine was on hand when a pack was started.

    The newest pack of a schedule is the one counted down: every dose marked taken from
    its start date takes that dose's amount off. Entering a new pack resets the count.
    """

    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="packs")
    units = models.DecimalField(max_digits=9, decimal_places=2)
    unit = models.CharField(max_length=20)  # the schedule's dose unit when the pack was counted
    started = models.DateField()
    warn_days = models.PositiveSmallIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]

    def __str__(self) -> str:
        return f"{self.units.normalize():f} {self.unit} of {self.schedule_id} from {self.started}"


# --- Blood-test days and check-ups -----------------------------------------------------


class LabAnswer(models.Model):
    """What a person's care team said about a schedule's blood tests (decisions.md §2).

    Empty means not answered yet: there is no default answer, and the lab-day reminder
    for an unanswered schedule never says to take the dose before the test.
    """

    DOSE_TIMINGS = [("", "Not answered"), ("before", "Before"), ("after", "After")]
    LEVEL_TYPES = [("", "Not answered"), ("trough", "Before a dose"), ("c2", "2 hours after")]

    schedule = models.OneToOneField(Schedule, on_delete=models.CASCADE, related_name="lab_answer")
    dose_timing = models.CharField(max_length=6, choices=DOSE_TIMINGS, blank=True)
    level_type = models.CharField(max_length=6, choices=LEVEL_TYPES, blank=True)
    updated = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.schedule_id}: {self.dose_timing or '-'} {self.level_type or '-'}"


class LabAppointment(models.Model):
    """A blood test or check-up on a date and time, added by hand or from a check-up series.

    `kind` is a key of content/labs.toml [kinds]; `schedule` is set when the appointment
    came from that schedule's check-up series.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="lab_appointments")
    kind = models.CharField(max_length=20, default="blood-test")
    day = models.DateField()
    time = models.TimeField()
    place = models.CharField(max_length=100, blank=True)
    note = models.CharField(max_length=200, blank=True)
    schedule = models.ForeignKey(
        Schedule, on_delete=models.SET_NULL, null=True, blank=True, related_name="checkups"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day", "time", "id"]

    def __str__(self) -> str:
        return f"{self.kind} for {self.person_id} on {self.day} {self.time:%H:%M}"
