from django import forms
from django.utils.translation import gettext_lazy as _

from grassroots.forms import DateInput
from households.models import Gender, LeaveReason


class HouseholdCreateForm(forms.Form):
    village = forms.ModelChoiceField(label=_("Village or residential group"), queryset=None)
    code = forms.CharField(
        label=_("Household code"), max_length=32, required=False, help_text=_("Leave empty to number it automatically.")
    )
    address = forms.CharField(label=_("Address"), max_length=255, required=False)

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages


class HouseholdEditForm(forms.Form):
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    head = forms.ModelChoiceField(label=_("Head of household"), queryset=None, required=False)
    representative = forms.ModelChoiceField(
        label=_("Household representative"),
        queryset=None,
        required=False,
        help_text=_("An adult member who votes for the household."),
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["head"].queryset = members
        self.fields["representative"].queryset = members


class ResidentForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput())
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    citizen_id = forms.CharField(label=_("Citizen ID (12 digits)"), max_length=12, required=False)
    relationship = forms.CharField(label=_("Relationship to head"), max_length=60, required=False)


class MoveForm(forms.Form):
    village = forms.ModelChoiceField(label=_("Move to"), queryset=None)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages


class SplitForm(forms.Form):
    residents = forms.ModelMultipleChoiceField(
        label=_("Members who form the new household"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    address = forms.CharField(label=_("Address of the new household"), max_length=255, required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["residents"].queryset = members


class MergeForm(forms.Form):
    source_code = forms.CharField(label=_("Code of the household that joins this one"), max_length=32)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File (.xlsx or .csv)"))

    MAX_BYTES = 10 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Upload an .xlsx or .csv file."))
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload


class RemoveResidentForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=LeaveReason.choices)
    left_on = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(label=_("Note (e.g. the new address)"), max_length=200, required=False)
