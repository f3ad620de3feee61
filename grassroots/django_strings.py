"""Django's own words that its Vietnamese catalogue leaves in English, named here so that makemessages puts them
in ours (the project's catalogue is read before Django's)."""

from django.utils.translation import gettext_noop

STRINGS = [
    gettext_noop("- Select an option -"),  # django.db.models.fields.BLANK_CHOICE_LABEL, on every required choice
    gettext_noop("Null characters are not allowed."),  # ProhibitNullCharactersValidator, on every text field
]
