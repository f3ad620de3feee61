from django import forms
from django.utils.translation import gettext_lazy as _

from disclosures.forms import PlainTextMixin
from grassroots.forms import DateInput


class InitiativeForm(PlainTextMixin, forms.Form):
    village = forms.ModelChoiceField(label=_("Village or residential group"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=200)
    proposal = forms.CharField(label=_("What the citizens propose"), widget=forms.Textarea(attrs={"rows": 5}))
    proposers = forms.CharField(label=_("Proposed by"), max_length=500, help_text=_("The citizens who put it forward."))

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages


class PaperForm(forms.Form):
    consented_on = forms.DateField(label=_("Signed on"), widget=DateInput())


class TakeUpForm(PlainTextMixin, forms.Form):
    note = forms.CharField(
        label=_("Why the Front's village committee takes it up"), widget=forms.Textarea(attrs={"rows": 3})
    )


class WithdrawForm(PlainTextMixin, forms.Form):
    reason = forms.CharField(label=_("Why the proposers withdraw it"), widget=forms.Textarea(attrs={"rows": 2}))
