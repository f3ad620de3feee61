"""Validators shared by forms and services."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# A tag, a comment or a doctype: plain text never needs "<" followed by a letter, "/" or "!".
_HTML = re.compile(r"<\s*[a-zA-Z/!?]")


def reject_html(value: str) -> None:
    """Text fields hold plain text; markup is refused rather than silently stripped."""
    if value and _HTML.search(value):
        raise ValidationError(
            _("Please write plain text without HTML tags (remove the parts in angle brackets < >)."),
            code="html",
        )
