from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Role


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("6-digit code from your authenticator app"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}),
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("What is this token for?"), max_length=100)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    unit_code = forms.CharField(
        label=_("Unit code"), max_length=32, help_text=_("The code shown on the unit's page, e.g. 00691.")
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = units

    def clean_unit_code(self):
        unit = self.units.filter(code=self.cleaned_data["unit_code"].strip()).first()
        if unit is None:
            raise forms.ValidationError(_("No unit with this code that you manage."))
        self.cleaned_data["unit"] = unit
        return unit.code


class OfficialForm(RoleForm):
    username = forms.CharField(label=_("Username"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput(render_value=False),
        strip=False,
        help_text=_("At least 10 characters, not only digits, not a common password."),
    )

    field_order = ["username", "full_name", "phone", "password", "role", "unit_code"]
