from django import forms
from django.utils.translation import gettext_lazy as _

from localities.models import VillageKind


class VillageForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    division_type = forms.ChoiceField(label=_("Type"), choices=VillageKind.choices, initial=VillageKind.THON)


class VillageMergeForm(forms.Form):
    target = forms.ModelChoiceField(label=_("Merge into"), queryset=None, empty_label=None)
    reason = forms.CharField(label=_("Reason or decision number"), max_length=200, required=False)

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = villages


class VillageImportForm(forms.Form):
    file = forms.FileField(label=_("File (.xlsx or .csv) with a “Tên thôn” column"))
