"""Form pieces shared by every app."""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; each is checked by the service that stores it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


def show_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's errors on the form: on their field when the form has it, above the form otherwise."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, messages in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, messages)


class StrangerForm(forms.Form):
    """A form anyone may send without an account (a question, an opinion). A hidden field traps robots, and a
    signed time stamp from when the form was drawn stops instant posts; rate limits are the services'."""

    website = forms.CharField(
        required=False,
        label=_("Leave this empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off", "class": "hp"}),
    )
    started = forms.CharField(widget=forms.HiddenInput)

    SALT = "grassroots.stranger"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = signing.dumps(time.time(), salt=self.SALT)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(_("Your message could not be sent. Please try again."))
        try:
            started = signing.loads(cleaned.get("started", ""), salt=self.SALT, max_age=6 * 3600)
        except signing.BadSignature as exc:
            raise forms.ValidationError(_("The form has expired. Please reload the page and write again.")) from exc
        if time.time() - started < settings.QUESTION_MIN_SECONDS:
            raise forms.ValidationError(_("That was very fast. Please check what you wrote and send it again."))
        return cleaned
