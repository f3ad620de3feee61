from django import forms
from django.utils.translation import gettext_lazy as _

from disclosures.forms import PlainTextMixin
from grassroots.forms import DateInput


class ConferenceForm(PlainTextMixin, forms.Form):
    village = forms.ModelChoiceField(label=_("Village or residential group"), queryset=None)
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    place = forms.CharField(label=_("Place"), max_length=200)
    plan_sent_on = forms.DateField(
        label=_("Plan sent to the commune, the Front and the inspection board on"), widget=DateInput()
    )
    notice_on = forms.DateField(
        label=_("Households told on"), widget=DateInput(), help_text=_("At least 5 days before.")
    )
    agenda = forms.CharField(
        label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 6}), help_text=_("One item per line.")
    )

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages

    def clean_agenda(self) -> list[str]:
        return [line for line in self.cleaned_data["agenda"].splitlines() if line.strip()]


class HeldForm(PlainTextMixin, forms.Form):
    households_present = forms.IntegerField(label=_("Households present"), min_value=0)
    summary = forms.CharField(label=_("What the conference concluded"), widget=forms.Textarea(attrs={"rows": 6}))


class ReportForm(forms.Form):
    sent_on = forms.DateField(label=_("Report sent on"), widget=DateInput())
