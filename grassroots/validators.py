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


def normalise_phone(phone: str) -> str:
    digits = "".join(c for c in phone if c.isdigit())
    if digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    if not (digits.startswith("0") and len(digits) == 10):
        raise ValidationError({"phone": [_("Enter a Vietnamese phone number of 10 digits, such as 0912 345 678.")]})
    return digits


def collect_html_errors(errors: dict, **values: str) -> None:
    """Add a field error to `errors` for each value that holds markup (services gather all errors, then raise)."""
    for key, value in values.items():
        try:
            reject_html(value or "")
        except ValidationError as exc:
            errors.setdefault(key, []).extend(exc.messages)


def reject_invisible(value: str, *, multiline: bool = False) -> None:
    """Refuse control and format characters (a right-to-left override would print a name backwards on a ballot or
    a slip; a zero-width space hides a difference): new lines and tabs only where the text has several lines."""
    import unicodedata

    allowed = "\n\r\t" if multiline else ""
    if value and any(unicodedata.category(c) in {"Cc", "Cf"} and c not in allowed for c in value):
        raise ValidationError(_("Invisible or control characters are not allowed here."), code="invisible")


def plain_text(value: str, field: str, most: int, *, multiline: bool = False, missing: str = "") -> str:
    """What a service keeps of a typed text: stripped (one line: its spaces folded), refused with the reason under
    `field` when empty (if `missing` says why), with markup or invisible characters, or longer than `most`."""
    text = (value or "").strip() if multiline else " ".join((value or "").split())
    if not text:
        if missing:
            raise ValidationError({field: [missing]})
        return ""
    try:
        reject_invisible(text, multiline=multiline)
        reject_html(text)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc
    if len(text) > most:
        raise ValidationError({field: [_("At most %(n)s characters.") % {"n": f"{most:,}".replace(",", ".")}]})
    return text
