from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Residents give opinions")

    def ready(self):
        from consultations import indicators  # noqa: F401  (registers the module's scorecard indicators)
