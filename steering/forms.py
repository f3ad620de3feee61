from django import forms
from django.utils.translation import gettext_lazy as _

from disclosures.forms import PlainTextMixin
from grassroots.forms import DateInput
from steering.models import CommitteeKind, FlagDecision, GuidanceKind, Position


class CommitteeForm(PlainTextMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Province or commune"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=CommitteeKind.choices)
    name = forms.CharField(label=_("Name"), max_length=250)
    decision = forms.CharField(label=_("Set up by decision"), max_length=200, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class MemberForm(PlainTextMixin, forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=150)
    position = forms.ChoiceField(label=_("Position"), choices=Position.choices, initial=Position.MEMBER)
    agency = forms.CharField(label=_("Agency"), max_length=250)
    sectors = forms.CharField(label=_("Sectors and fields assigned"), max_length=500, required=False)
    communes = forms.ModelMultipleChoiceField(
        label=_("Communes followed"), queryset=None, required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    decision = forms.CharField(label=_("By decision"), max_length=200, required=False)
    user = forms.ModelChoiceField(
        label=_("Account (for reminders)"), queryset=None, required=False, help_text=_("The member's sign-in, if any.")
    )

    def __init__(self, *args, communes, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["communes"].queryset = communes
        self.fields["user"].queryset = users


class EndMembershipForm(PlainTextMixin, forms.Form):
    ends_on = forms.DateField(label=_("Until"), widget=DateInput())
    decision = forms.CharField(label=_("By decision"), max_length=200, required=False)


class ProgrammeForm(PlainTextMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=250)


class TaskForm(PlainTextMixin, forms.Form):
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 3}))
    lead = forms.ModelChoiceField(label=_("Lead member"), queryset=None, required=False)
    lead_agency = forms.CharField(label=_("Lead agency"), max_length=250, required=False)
    partners = forms.CharField(label=_("Coordinating agencies"), max_length=500, required=False)
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput(), required=False)
    output = forms.CharField(label=_("Expected output"), max_length=300, required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = members


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Programme file (XLSX, CSV, or DOCX with a table)"),
        help_text=_("Columns: Nội dung, and if known Chủ trì, Phối hợp, Thời hạn (dd/mm/yyyy), Sản phẩm."),
    )


class FlagForm(PlainTextMixin, forms.Form):
    decision = forms.ChoiceField(
        choices=[
            (FlagDecision.CONFIRMED, FlagDecision.CONFIRMED.label),
            (FlagDecision.DISMISSED, FlagDecision.DISMISSED.label),
        ]
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ProgressForm(PlainTextMixin, forms.Form):
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    note = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.FileField(label=_("Evidence (PDF, DOCX, XLSX or photo)"), required=False)


class GuidanceForm(PlainTextMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=GuidanceKind.choices)
    number = forms.CharField(label=_("Number and symbol"), max_length=60)
    title = forms.CharField(label=_("Title"), max_length=300)
    issuer = forms.CharField(label=_("Issued by"), max_length=200)
    issued_on = forms.DateField(label=_("Issued on"), widget=DateInput())
    interim_every_years = forms.IntegerField(
        label=_("Interim review (sơ kết) every … years"), min_value=1, max_value=30, required=False
    )
    final_after_years = forms.IntegerField(
        label=_("Final review (tổng kết) after … years"), min_value=1, max_value=30, required=False
    )


class ReviewForm(PlainTextMixin, forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    report = forms.CharField(label=_("Report (number, or where it is)"), max_length=300)


class CriteriaSetForm(PlainTextMixin, forms.Form):
    name = forms.CharField(label=_("Name of the criteria set"), max_length=250)
    criteria = forms.CharField(label=_("Criteria, one per line"), widget=forms.Textarea(attrs={"rows": 6}))


class InspectionForm(PlainTextMixin, forms.Form):
    commune = forms.ModelChoiceField(label=_("Commune"), queryset=None)
    plan = forms.CharField(label=_("Plan"), max_length=250, help_text=_("For example: Kế hoạch 05-KH/BCĐ."))
    scheduled_on = forms.DateField(label=_("Scheduled on"), widget=DateInput())
    team = forms.CharField(label=_("Team"), max_length=500, help_text=_("Who inspects: names and agencies."))
    criteria_set = forms.ModelChoiceField(label=_("Criteria set"), queryset=None)

    def __init__(self, *args, communes, criteria_sets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes
        self.fields["criteria_set"].queryset = criteria_sets


class ConcludeForm(PlainTextMixin, forms.Form):
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 4}))


class RecommendationForm(PlainTextMixin, forms.Form):
    text = forms.CharField(label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 2}))
    due_on = forms.DateField(label=_("Answer due by"), widget=DateInput())


class CloseRecommendationForm(PlainTextMixin, forms.Form):
    response = forms.CharField(label=_("What the commune did"), widget=forms.Textarea(attrs={"rows": 2}))


class ReportForm(PlainTextMixin, forms.Form):
    year = forms.IntegerField(label=_("Year reported on"), min_value=2023, max_value=2100)
    leadership = forms.CharField(
        label=_("I. Leadership and direction (narrative)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    assessment = forms.CharField(
        label=_("III. Overall assessment: strengths, shortcomings and causes"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    directions = forms.CharField(
        label=_("IV. Directions and tasks for next year"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
