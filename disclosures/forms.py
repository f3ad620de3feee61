from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from disclosures.models import CatalogueItem, Channel, QuestionKind, Topic
from disclosures.services import ChannelInput, DisclosureInput
from grassroots.forms import DateInput, MultipleFileField, StrangerForm
from grassroots.validators import reject_html

FILES_HELP = _(
    "PDF, DOCX, XLSX or photos (JPG, PNG, WebP); up to %(mb)d MB each. Words in PDF and DOCX files become searchable."
)


class PlainTextMixin:
    """Refuse HTML in every text field of the form (the services check again)."""

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str):
                try:
                    reject_html(value)
                except forms.ValidationError as exc:
                    self.add_error(name, exc)
        return cleaned


class DisclosureFields(PlainTextMixin, forms.Form):
    catalogue_item = forms.ModelChoiceField(
        label=_("Mandated item it fulfils"),
        queryset=CatalogueItem.objects.filter(is_active=True),
        required=False,
        empty_label=_("— none (other information) —"),
    )
    topic = forms.ChoiceField(
        label=_("Topic"),
        choices=[("", "—")] + Topic.choices,
        required=False,
        help_text=_("Taken from the mandated item when left empty."),
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    document_number = forms.CharField(
        label=_("Document number"), max_length=60, required=False, help_text=_("For example 12/QĐ-UBND")
    )
    body = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
    issued_on = forms.DateField(label=_("Document issued on"), widget=DateInput())
    effective_from = forms.DateField(
        label=_("Effective from"), widget=DateInput(), required=False, help_text=_("The issue date when left empty.")
    )
    effective_until = forms.DateField(label=_("Effective until"), widget=DateInput(), required=False)
    files = MultipleFileField(label=_("Attached files"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = FILES_HELP % {"mb": settings.DISCLOSURE_MAX_FILE_MB}

    def clean(self):
        cleaned = super().clean()
        item = cleaned.get("catalogue_item")
        if not cleaned.get("topic"):
            if item is None:
                self.add_error("topic", _("Choose a topic, or the mandated item this disclosure fulfils."))
            else:
                cleaned["topic"] = item.topic
        return cleaned

    def disclosure_input(self, channels=()) -> DisclosureInput:
        data = self.cleaned_data
        return DisclosureInput(
            title=data["title"],
            topic=data["topic"],
            issued_on=data["issued_on"],
            effective_from=data.get("effective_from") or data["issued_on"],
            body=data.get("body", ""),
            document_number=data.get("document_number", ""),
            effective_until=data.get("effective_until"),
            catalogue_item=data.get("catalogue_item"),
            files=data.get("files") or [],
            channels=list(channels),
        )


class PublishForm(DisclosureFields):
    """A new disclosure and the channels it already went out through (the portal is always one)."""

    notice_board_on = forms.DateField(label=_("Posted on the notice board on"), widget=DateInput(), required=False)
    notice_board_photo = forms.ImageField(label=_("Photo of the posted notice"), required=False)
    loudspeaker_on = forms.DateField(label=_("Read on the loudspeakers on"), widget=DateInput(), required=False)
    meeting_on = forms.DateField(label=_("Announced at a meeting on"), widget=DateInput(), required=False)

    def channels(self, today) -> list[ChannelInput]:
        data = self.cleaned_data
        entries = [ChannelInput(Channel.PORTAL, today)]
        if data.get("notice_board_on"):
            entries.append(
                ChannelInput(Channel.NOTICE_BOARD, data["notice_board_on"], None, data.get("notice_board_photo"))
            )
        if data.get("loudspeaker_on"):
            entries.append(ChannelInput(Channel.LOUDSPEAKER, data["loudspeaker_on"]))
        if data.get("meeting_on"):
            entries.append(ChannelInput(Channel.MEETING, data["meeting_on"]))
        return entries


class CorrectionForm(DisclosureFields):
    correction_note = forms.CharField(
        label=_("What was corrected"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown to residents beside the new version."),
    )
    keep_attachments = forms.MultipleChoiceField(
        label=_("Keep these files"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, attachments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep_attachments"].choices = [(str(a.pk), a.name) for a in attachments]
        self.fields["files"].label = _("New files")


class WithdrawForm(PlainTextMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for withdrawal"), widget=forms.Textarea(attrs={"rows": 2}))


class ChannelForm(PlainTextMixin, forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    started_on = forms.DateField(label=_("Posted or broadcast on"), widget=DateInput())
    ended_on = forms.DateField(
        label=_("Taken down on, or the last day broadcast"),
        widget=DateInput(),
        required=False,
        help_text=_(
            "For the commune radio, the first and the last day it was read out: the law asks for at least 3 "
            "consecutive days for items 7 to 12 of Article 11."
        ),
    )
    photo = forms.ImageField(label=_("Photo as evidence"), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def channel_input(self) -> ChannelInput:
        d = self.cleaned_data
        return ChannelInput(d["channel"], d["started_on"], d.get("ended_on"), d.get("photo"), d.get("note", ""))


class EndChannelForm(forms.Form):
    ended_on = forms.DateField(label=_("Taken down on"), widget=DateInput())
    photo = forms.ImageField(label=_("Photo of the board after taking it down"), required=False)


class AnswerForm(PlainTextMixin, forms.Form):
    answer = forms.CharField(label=_("Answer (public)"), widget=forms.Textarea(attrs={"rows": 3}))


class HideForm(PlainTextMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for hiding"), max_length=300)


class QuestionForm(PlainTextMixin, StrangerForm):
    """A resident's question: no account."""

    kind = forms.ChoiceField(
        label=_("What do you want to do?"),
        choices=QuestionKind.choices,
        widget=forms.RadioSelect,
        initial=QuestionKind.QUESTION,
    )
    name = forms.CharField(label=_("Your name"), max_length=100)
    phone = forms.CharField(
        label=_("Phone"), max_length=20, help_text=_("Only officials see it, to contact you if needed.")
    )
    text = forms.CharField(
        label=_("Your question or report"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )

    SALT = "disclosures.question"


class CatalogueItemForm(PlainTextMixin, forms.ModelForm):
    required_channels = forms.MultipleChoiceField(
        label=_("Required channels"), choices=Channel.choices, widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(
        label=_("Why the rule changes"), max_length=300, help_text=_("For example: the new decree and article.")
    )

    class Meta:
        model = CatalogueItem
        fields = [
            "code",
            "title",
            "article",
            "item_number",
            "topic",
            "level",
            "required_channels",
            "min_posting_days",
            "permanent",
            "radio_min_days",
            "deadline_working_days",
            "recurrence",
            "due_month",
            "due_day",
            "is_active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True


class PortalFilterForm(forms.Form):
    q = forms.CharField(label=_("Words to find"), required=False, max_length=100)
    topic = forms.ChoiceField(label=_("Topic"), choices=[("", _("All topics"))] + Topic.choices, required=False)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    month = forms.TypedChoiceField(
        label=_("Month"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", _("All months"))] + [(m, m) for m in range(1, 13)],
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years"))] + [(y, y) for y in years]
