from django import forms
from django.utils.translation import gettext_lazy as _

from decisions.models import BallotKindChoice, ElectorateChoice, MatterType, Source
from decisions.rules import PREPARED_ELSEWHERE
from disclosures.forms import PlainTextMixin
from grassroots.forms import DateInput, MultipleFileField


class MatterForm(PlainTextMixin, forms.Form):
    village = forms.ModelChoiceField(label=_("Village or residential group"), queryset=None)
    # A village head's election and dismissal are prepared on their own page (village_heads), step by step.
    matter_type = forms.ChoiceField(
        label=_("Matter (Law 10/2022 Art. 15)"),
        choices=[(value, label) for value, label in MatterType.choices if value not in PREPARED_ELSEWHERE],
        help_text=_("A village head is elected or dismissed from the Village heads page."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    question = forms.CharField(label=_("Question put to the vote"), widget=forms.Textarea(attrs={"rows": 3}))
    ballot_kind = forms.ChoiceField(label=_("Kind of ballot"), choices=BallotKindChoice.choices)
    options = forms.CharField(
        label=_("Options or candidates"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("One per line. Not needed for an agree / disagree question."),
    )
    seats = forms.IntegerField(label=_("Seats to fill"), min_value=1, max_value=50, initial=1)
    max_choices = forms.IntegerField(label=_("Most names one ballot may mark"), min_value=1, max_value=50, initial=1)
    is_secret = forms.BooleanField(label=_("Secret ballot"), required=False)
    electorate = forms.ChoiceField(label=_("Who votes"), choices=ElectorateChoice.choices)
    meeting_at = forms.DateTimeField(
        label=_("Meeting time"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    meeting_place = forms.CharField(label=_("Meeting place"), max_length=200, required=False)
    notice_given_on = forms.DateField(
        label=_("Meeting announced on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty if the notice goes out today. The law asks for at least 2 days before the meeting."),
    )
    online_voting = forms.BooleanField(
        label=_("Households may also vote online with their code"),
        help_text=_("Only for other self-managed work, after more than half of all households chose online voting."),
        required=False,
    )

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages


class CountForm(forms.Form):
    """Counts from the meeting or the ballot box: one field per option, built from the matter's options."""

    invalid = forms.IntegerField(label=_("Invalid or blank ballots"), min_value=0, initial=0)

    def __init__(self, *args, matter, source, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = list(matter.options.all())
        for option in self.options:
            self.fields[f"option_{option.key}"] = forms.IntegerField(label=option.label, min_value=0, initial=0)
        if matter.ballot_kind == "choose_up_to":
            self.fields["valid"] = forms.IntegerField(label=_("Valid ballots"), min_value=0)
        if source == Source.SHEET:
            self.fields["returned"] = forms.IntegerField(label=_("Sheets returned (in the box)"), min_value=0)
        order = [f"option_{o.key}" for o in self.options] + ["valid", "invalid", "returned"]
        self.order_fields(order)

    def votes(self) -> dict[str, int]:
        return {o.key: self.cleaned_data[f"option_{o.key}"] for o in self.options}


class RecognitionSendForm(forms.Form):
    sent_on = forms.DateField(label=_("Minutes sent to the commune on"), widget=DateInput())


class OnlineChoiceForm(PlainTextMixin, forms.Form):
    chosen_on = forms.DateField(label=_("Households chose online voting on"), widget=DateInput())
    households = forms.IntegerField(label=_("Households that chose online voting"), min_value=0)
    how = forms.CharField(
        label=_("How they chose it"), max_length=200, help_text=_("For example: at the village meeting of 5/11.")
    )


class BallotRoundForm(PlainTextMixin, forms.Form):
    """A household ballot round (Law 10/2022 Art. 19): its team and the days it was made public and goes out."""

    team = forms.CharField(
        label=_("Ballot team"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("3 to 5 people, one per line; the team leader from the village Front work committee first."),
    )
    announced_on = forms.DateField(label=_("Made public on"), widget=DateInput())
    sheets_on = forms.DateField(
        label=_("Sheets handed out from"),
        widget=DateInput(),
        help_text=_("At least 2 days after it was made public."),
    )

    def clean_team(self) -> list[str]:
        return [line for line in self.cleaned_data["team"].splitlines() if line.strip()]


class RevoteForm(forms.Form):
    """The new meeting of a re-vote, where the matter is decided at a meeting."""

    meeting_at = forms.DateTimeField(
        label=_("Meeting time"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    meeting_place = forms.CharField(label=_("Meeting place"), max_length=200, required=False)
    notice_given_on = forms.DateField(label=_("Meeting announced on"), required=False, widget=DateInput())

    def clean_meeting_place(self) -> str | None:
        return self.cleaned_data["meeting_place"] or None  # None: the first round's place


class RecognitionForm(PlainTextMixin, forms.Form):
    decision_number = forms.CharField(label=_("Recognition decision number"), max_length=60)
    recognised_on = forms.DateField(label=_("Recognised on"), widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RefusalForm(PlainTextMixin, forms.Form):
    refused_on = forms.DateField(label=_("Answered in writing on"), widget=DateInput())
    reasons = forms.CharField(label=_("Reasons"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class AnnulmentForm(PlainTextMixin, forms.Form):
    decision_number = forms.CharField(label=_("Annulment decision number"), max_length=60)
    annulled_on = forms.DateField(label=_("Annulled on"), widget=DateInput())
    reasons = forms.CharField(
        label=_("Reasons"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Contrary to the law or to social ethics, or a breach of procedure (Luật 10/2022/QH15 Điều 22)."),
    )


class DocumentsForm(forms.Form):
    files = MultipleFileField(label=_("Documents for residents"), help_text=_("PDF, DOCX, XLSX or photos."))
