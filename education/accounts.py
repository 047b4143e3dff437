"""Accounts: sign-up and sign-in forms, and the limit on failed sign-ins.

People sign in with their email address, which is also where a password reset link
goes. It is stored lower-cased as the username, so "Ana@Example.org" and
"ana@example.org" are the same account.
"""

from __future__ import annotations

import hashlib
import math
import time
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.http import HttpRequest

from education.people import FIRST_PERSON_NAME, TimeZoneField

PASSWORD_HINT = "At least 8 characters. Not a common password, and not only numbers."  # noqa: S105 (help text, not a secret)


def email_normalise(value: str) -> str:
    return value.strip().lower()


# --- Failed sign-ins -------------------------------------------------------------------


def _login_keys(*, username: str, ip: str) -> list[str]:
    name = hashlib.sha256(email_normalise(username).encode()).hexdigest()
    return [f"login-failures:user:{name}", f"login-failures:ip:{ip}"]


def login_blocked_minutes(*, username: str, ip: str) -> int:
    """Minutes until sign-in may be tried again for this username or address (0: allowed now)."""
    now = time.time()
    waits = [
        entry["until"] - now
        for entry in cache.get_many(_login_keys(username=username, ip=ip)).values()
        if entry["count"] >= settings.LOGIN_RATE_LIMIT and entry["until"] > now
    ]
    return max(1, math.ceil(max(waits) / 60)) if waits else 0


def login_failure_record(*, username: str, ip: str) -> None:
    """Count a failed sign-in against the username and the address, for one window."""
    now = time.time()
    for key in _login_keys(username=username, ip=ip):
        entry = cache.get(key)
        if entry is None or entry["until"] <= now:
            entry = {"count": 0, "until": now + settings.LOGIN_RATE_WINDOW_SECONDS}
        entry["count"] += 1
        cache.set(key, entry, timeout=math.ceil(entry["until"] - now))


def login_success_record(*, username: str, ip: str) -> None:
    cache.delete(_login_keys(username=username, ip=ip)[0])


def client_ip(request: HttpRequest) -> str:
    # Behind a proxy, SecurityMiddleware trusts only the scheme header; the address
    # is the one the proxy connected from unless the deployment rewrites REMOTE_ADDR.
    return request.META.get("REMOTE_ADDR", "")


# --- Forms -----------------------------------------------------------------------------


class SignupForm(auth_forms.UserCreationForm):
    email = forms.EmailField(
        label="Email address",
        max_length=150,
        help_text="You sign in with this. We only use it to send you a link if you forget "
        "your password.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter an email address like name@example.com.",
        },
    )
    first_person = forms.CharField(
        label="Whose medicine will you keep track of first?",
        max_length=60,
        required=False,
        help_text="Your own name, or a name like Mum. Leave empty for Me. You can add more "
        "people later.",
        error_messages={"max_length": "Use a name of 60 characters or fewer."},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    time_zone = TimeZoneField()

    class Meta(auth_forms.UserCreationForm.Meta):
        model = get_user_model()
        fields = ("email",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password1"].help_text = PASSWORD_HINT
        self.fields["password1"].widget.attrs["autocomplete"] = "new-password"
        self.fields["password2"].label = "Type the password again"
        self.fields["password2"].help_text = ""
        self.fields["password1"].error_messages["required"] = "Enter a password."
        self.fields["password2"].error_messages["required"] = "Type the password again."
        self.order_fields(["email", "password1", "password2", "first_person", "time_zone"])

    def clean_email(self) -> str:
        email = email_normalise(self.cleaned_data["email"])
        User = get_user_model()
        if User.objects.filter(username__iexact=email).exists() or (
            User.objects.filter(email__iexact=email).exists()
        ):
            raise forms.ValidationError(
                "There is already an account with this email address. Sign in, or reset "
                "the password if you forgot it."
            )
        # The password checks compare against the username, so set it before they run.
        self.instance.username = email
        return email

    def clean_first_person(self) -> str:
        return " ".join(self.cleaned_data["first_person"].split()) or FIRST_PERSON_NAME


class LoginForm(auth_forms.AuthenticationForm):
    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "invalid_login": "That email address and password do not match an account. Check "
        "them and try again.",
    }

    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        self.blocked_minutes: int = kwargs.pop("blocked_minutes", 0)
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.label = "Email address"
        username.widget = forms.EmailInput(attrs={"autocomplete": "email", "maxlength": 150})
        username.error_messages["required"] = "Enter your email address."
        self.fields["password"].error_messages["required"] = "Enter your password."

    def clean_username(self) -> str:
        return email_normalise(self.cleaned_data["username"])

    def clean(self) -> dict[str, Any]:
        if self.blocked_minutes:
            minutes = self.blocked_minutes
            unit = "minute" if minutes == 1 else "minutes"
            raise forms.ValidationError(
                f"Too many attempts, try again in {minutes} {unit}.", code="too_many_attempts"
            )
        return super().clean()


class PasswordHintMixin:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        self.fields["new_password1"].help_text = PASSWORD_HINT  # type: ignore[attr-defined]
        self.fields["new_password2"].label = "Type the new password again"  # type: ignore[attr-defined]


class PasswordChangeForm(PasswordHintMixin, auth_forms.PasswordChangeForm):
    pass


class SetPasswordForm(PasswordHintMixin, auth_forms.SetPasswordForm):
    pass


class PasswordResetForm(auth_forms.PasswordResetForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].help_text = "The email address you signed up with."
        self.fields["email"].error_messages["required"] = "Enter your email address."
        self.fields["email"].error_messages["invalid"] = (
            "Enter an email address like name@example.com."
        )
