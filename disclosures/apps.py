from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosuresConfig(AppConfig):
    name = "disclosures"
    verbose_name = _("Public disclosure")

    def ready(self):
        from disclosures import indicators  # noqa: F401  (registers the module's scorecard indicators)
