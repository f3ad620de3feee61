from django import forms
from django.utils.translation import gettext_lazy as _

from grassroots.forms import DateInput


class ChangeForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=DateInput())
    working = forms.TypedChoiceField(
        label=_("That day is"),
        choices=[("1", _("a working day (a Saturday or Sunday worked to make up)")), ("0", _("a day off"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Why"),
        max_length=300,
        help_text=_("The decision that set it, e.g. the Ministry of Home Affairs' notice."),
    )
