from django import forms
from django.utils.translation import gettext_lazy as _

from conventions.models import ConventionKind, Initiator
from disclosures.forms import PlainTextMixin
from grassroots.forms import DateInput


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


class ConventionForm(PlainTextMixin, forms.Form):
    village = forms.ModelChoiceField(label=_("Village or residential group"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=ConventionKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    initiated_by = forms.ChoiceField(label=_("Started by"), choices=Initiator.choices, widget=forms.RadioSelect)
    initiative = forms.ModelChoiceField(
        label=_("The citizens' initiative"), queryset=None, required=False, help_text=_("When households started it.")
    )
    minority_area = forms.BooleanField(label=_("An area of ethnic minorities"), required=False)

    def __init__(self, *args, villages, initiatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages
        self.fields["initiative"].queryset = initiatives


class TeamForm(PlainTextMixin, forms.Form):
    team = forms.CharField(
        label=_("The drafting team"), widget=forms.Textarea(attrs={"rows": 4}), help_text=_("One name per line.")
    )
    elder = forms.CharField(label=_("The village elder on the team"), max_length=200, required=False)
    language_speaker = forms.CharField(
        label=_("A speaker of the minority language on the team"), max_length=200, required=False
    )

    def clean_team(self) -> list[str]:
        return _lines(self.cleaned_data["team"])


class DraftForm(PlainTextMixin, forms.Form):
    text = forms.CharField(
        label=_("The draft"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Headings on their own line (Chương I, Điều 1…); the residents comment on each part."),
    )
    opens_on = forms.DateField(label=_("Posted from"), widget=DateInput())
    closes_on = forms.DateField(label=_("Last day for opinions"), widget=DateInput(), help_text=_("At least 30 days."))


class VoteForm(forms.Form):
    meeting_at = forms.DateTimeField(
        label=_("Meeting time"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    meeting_place = forms.CharField(label=_("Meeting place"), max_length=200)
    notice_given_on = forms.DateField(label=_("Meeting announced on"), widget=DateInput())


class DayForm(forms.Form):
    on = forms.DateField(label=_("On"), widget=DateInput())


class SendForm(forms.Form):
    sent_on = forms.DateField(label=_("Dossier sent on"), widget=DateInput())


class SuspendForm(PlainTextMixin, forms.Form):
    reported_on = forms.DateField(label=_("Breach reported in writing on"), widget=DateInput())
    suspended_on = forms.DateField(label=_("Suspended on"), widget=DateInput())
    number = forms.CharField(label=_("Decision number"), max_length=60)
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}))


class RepealForm(PlainTextMixin, forms.Form):
    repealed_on = forms.DateField(label=_("Repealed on"), widget=DateInput())
    number = forms.CharField(label=_("Decision number"), max_length=60)
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}))


class ReviewForm(PlainTextMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2023, max_value=2100)
    reviewed_on = forms.DateField(
        label=_("Reviewed on"), widget=DateInput(), help_text=_("18 November, or another day the village agreed.")
    )
    summary = forms.CharField(label=_("How it was carried out"), widget=forms.Textarea(attrs={"rows": 4}))
