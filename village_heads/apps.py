from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VillageHeadsConfig(AppConfig):
    name = "village_heads"
    verbose_name = _("Village heads")
