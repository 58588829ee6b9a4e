"""Small checks for what users type: names, URLs, emails. Each failure names the field."""

from __future__ import annotations

import re

from precall.errors import ValidationError
from precall.net.urls import validate_url

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_TEXT = 20_000


def required_text(value: str | None, field: str, label: str, *, max_length: int = 500) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError(f"{label} is empty; please enter one.", field)
    if len(text) > max_length:
        raise ValidationError(f"{label} is too long ({len(text)} characters, at most {max_length}).", field)
    return text


def clean_url(value: str, field: str = "url") -> str:
    """An absolute http(s) URL checked by ``validate_url``; a bare host like
    ``example.com`` gets ``https://``."""
    text = (value or "").strip()
    if not text:
        raise ValidationError("The web address is empty.", field)
    if "://" not in text and not text.lower().startswith(("javascript:", "file:", "data:", "mailto:")):
        text = "https://" + text
    return validate_url(text, field=field)


def clean_email(value: str) -> str:
    text = (value or "").strip()
    if not _EMAIL.match(text):
        raise ValidationError(f"{value!r} is not an email address.", "email")
    return text.lower()
