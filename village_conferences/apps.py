from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VillageConferencesConfig(AppConfig):
    name = "village_conferences"
    verbose_name = _("Annual village conferences")
