from django import forms
from django.utils.translation import gettext_lazy as _

from disclosures.forms import PlainTextMixin
from grassroots.forms import DateInput
from village_heads.models import CandidateSource, DismissalReason


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


class ElectionForm(PlainTextMixin, forms.Form):
    """The commune chairman's decision and plan: the first step of Decree 59/2023 Art. 6."""

    election_day = forms.DateField(label=_("Day of the election meeting"), widget=DateInput())
    meeting_place = forms.CharField(label=_("Meeting place"), max_length=200)
    plan_on = forms.DateField(
        label=_("Decision and plan issued on"),
        widget=DateInput(),
        help_text=_("At least 20 days before the election day."),
    )
    plan_number = forms.CharField(label=_("Decision number"), max_length=60, required=False)


class NewElectionForm(ElectionForm):
    pass


class VillageElectionForm(ElectionForm):
    village = forms.ModelChoiceField(label=_("Village or residential group"), queryset=None)

    field_order = ["village"]

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages


class CandidatesForm(PlainTextMixin, forms.Form):
    names = forms.CharField(
        label=_("The official list of candidates"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One name per line; at least one person."),
    )
    on = forms.DateField(label=_("List fixed on"), widget=DateInput(), help_text=_("At least 15 days before."))

    def clean_names(self) -> list[str]:
        return _lines(self.cleaned_data["names"])


class TeamForm(PlainTextMixin, forms.Form):
    team = forms.CharField(
        label=_("The election team"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One name per line, the leader (the Front's village committee representative) first."),
    )
    on = forms.DateField(label=_("Team decided on"), widget=DateInput(), help_text=_("At least 10 days before."))

    def clean_team(self) -> list[str]:
        return _lines(self.cleaned_data["team"])


class PublicityForm(PlainTextMixin, forms.Form):
    on = forms.DateField(label=_("Made known on"), widget=DateInput(), help_text=_("At least 7 days before."))
    how = forms.CharField(label=_("How"), max_length=200)


class MeetingForm(forms.Form):
    meeting_at = forms.DateTimeField(
        label=_("Meeting time"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    notice_given_on = forms.DateField(
        label=_("Meeting announced on"), widget=DateInput(), help_text=_("At least 2 days before the meeting.")
    )


class NominationForm(PlainTextMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    source = forms.ChoiceField(
        label=_("How they came forward"),
        choices=[(v, lbl) for v, lbl in CandidateSource.choices if v != CandidateSource.FRONT_LIST],
        widget=forms.RadioSelect,
    )
    nominated_by = forms.CharField(
        label=_("Nominated by"), max_length=200, required=False, help_text=_("For a nomination from the floor.")
    )


class MethodForm(forms.Form):
    is_secret = forms.TypedChoiceField(
        label=_("The attendees chose to vote"),
        choices=[("0", _("by show of hands")), ("1", _("by secret ballot"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )


class DismissalForm(PlainTextMixin, forms.Form):
    village = forms.ModelChoiceField(label=_("Village or residential group"), queryset=None)
    head_name = forms.CharField(label=_("Village head"), max_length=200)
    reason = forms.ChoiceField(label=_("Why"), choices=DismissalReason.choices, widget=forms.RadioSelect)
    asked_on = forms.DateField(label=_("Asked for on"), widget=DateInput())
    petition_households = forms.IntegerField(
        label=_("Households that signed the petition"), min_value=0, required=False
    )
    details = forms.CharField(label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages


class DismissalMeetingForm(MeetingForm):
    meeting_place = forms.CharField(label=_("Meeting place"), max_length=200)


class CommuneDecisionForm(PlainTextMixin, forms.Form):
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput())
    decision_number = forms.CharField(label=_("Decision number"), max_length=60)
    dismissed = forms.TypedChoiceField(
        label=_("The commune decided"),
        choices=[("1", _("to dismiss the head")), ("0", _("to keep the head"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )


class ActingForm(PlainTextMixin, forms.Form):
    name = forms.CharField(label=_("Acting village head"), max_length=200)
    acting_from = forms.DateField(label=_("From"), widget=DateInput())


class CancelForm(PlainTextMixin, forms.Form):
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}))
