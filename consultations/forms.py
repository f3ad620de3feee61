from django import forms
from django.utils.translation import gettext_lazy as _

from consultations.models import Answer, Audience, Subject
from consultations.services import OFFICER_CHANNELS
from disclosures.forms import PlainTextMixin
from grassroots.forms import DateInput, StrangerForm

WHOLE_DRAFT = ("", _("The whole draft"))


def section_choices(headings: dict[str, str]) -> list[tuple[str, str]]:
    return [WHOLE_DRAFT, *headings.items()]


class PeriodForm(forms.Form):
    opens_on = forms.DateField(label=_("Opinions from"), widget=DateInput())
    closes_on = forms.DateField(label=_("Opinions until"), widget=DateInput())


class ConsultationForm(PlainTextMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit consulting"), queryset=None)
    title = forms.CharField(label=_("Title of the draft"), max_length=250)
    # A draft village convention is put to residents from its own page (conventions), with its 30 days.
    subject = forms.ChoiceField(
        label=_("Subject (Law 10/2022 Art. 25)"),
        choices=[(v, label) for v, label in Subject.choices if v != Subject.VILLAGE_CONVENTION],
    )
    summary = forms.CharField(
        label=_("What residents are asked"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    audience = forms.ChoiceField(label=_("Who is asked"), choices=Audience.choices)
    audience_note = forms.CharField(
        label=_("Audience, in words"),
        max_length=250,
        required=False,
        help_text=_("For example: delegates to the conference, or the households of Thôn Đông."),
    )
    opens_on = forms.DateField(label=_("Opinions from"), widget=DateInput())
    closes_on = forms.DateField(label=_("Opinions until"), widget=DateInput())
    draft_file = forms.FileField(
        label=_("Draft as a Word (DOCX) file"),
        required=False,
        help_text=_("Its headings (Heading styles, or lines such as “Điều 1.”, “Chương I”, “I.”) become sections."),
    )
    draft_text = forms.CharField(
        label=_("Or type the draft"),
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        help_text=_("Start each section with a line such as “Điều 1. …”, “I. …” or “# heading”."),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("draft_file") and not (cleaned.get("draft_text") or "").strip():
            raise forms.ValidationError(_("Upload the draft as a DOCX file or type it."))
        return cleaned


class OpinionForm(PlainTextMixin, StrangerForm):
    """A resident's opinion, online: no account needed."""

    name = forms.CharField(label=_("Your name"), max_length=150)
    # Required of everyone without an account; the service says so (a signed-in resident needs none).
    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        required=False,
        help_text=_("Only officials see it, to contact you if needed."),
    )
    section_key = forms.ChoiceField(label=_("On which part of the draft"), required=False)
    text = forms.CharField(label=_("Your opinion"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)

    SALT = "consultations.opinion"

    def __init__(self, *args, headings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section_key"].choices = section_choices(headings)


class EnterOpinionsForm(PlainTextMixin, forms.Form):
    channel = forms.ChoiceField(
        label=_("Where they were given"), choices=[(c.value, c.label) for c in OFFICER_CHANNELS]
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        help_text=_("For example: minutes of the meeting of Thôn Đông on 12/11/2026; or: 14 paper forms."),
    )
    author = forms.CharField(label=_("Who gave them (if one person or group)"), max_length=150, required=False)
    section_key = forms.ChoiceField(label=_("On which part of the draft"), required=False)
    texts = forms.CharField(
        label=_("Opinions, one per line"), widget=forms.Textarea(attrs={"rows": 8}), max_length=100_000
    )

    def __init__(self, *args, headings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section_key"].choices = section_choices(headings)


class AnswerForm(PlainTextMixin, forms.Form):
    answer = forms.ChoiceField(
        label=_("Answer"),
        choices=[(a.value, a.label) for a in Answer if a != Answer.PENDING],
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Explanation, or reason for not absorbing (public)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    section_key = forms.ChoiceField(label=_("Section revised"), required=False)
    revised_text = forms.CharField(
        label=_("The section as it reads after absorbing"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )

    def __init__(self, *args, headings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section_key"].choices = [("", "—"), *headings.items()]


class ReasonForm(PlainTextMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for hiding (shown to residents)"), max_length=300)


class ConferenceForm(PlainTextMixin, forms.Form):
    title = forms.CharField(label=_("Conference"), max_length=250)
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    chair = forms.CharField(label=_("Chaired by"), max_length=200, required=False)
    agenda = forms.CharField(
        label=_("Agenda (one item per line)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    delegates = forms.CharField(
        label=_("Delegates invited (one per line: name - position and agency)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )


class ConferenceOpinionForm(PlainTextMixin, forms.Form):
    delegate = forms.ModelChoiceField(label=_("Delegate"), queryset=None)
    section_key = forms.ChoiceField(label=_("On which part of the draft"), required=False)
    text = forms.CharField(label=_("Opinion raised"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)

    def __init__(self, *args, delegates, headings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegate"].queryset = delegates
        self.fields["section_key"].choices = section_choices(headings)


class DelegateForm(PlainTextMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    position = forms.CharField(label=_("Position and agency"), max_length=250, required=False)
