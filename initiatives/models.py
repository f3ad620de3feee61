"""A citizens' initiative and its supporters: one row per household of the village when it was registered, with
the household's code (derived, only its hash kept, as a vote's) and, once it consents, the day and the way."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from initiatives import rules
from localities.models import AdministrativeUnit


class InitiativeStatus(models.TextChoices):
    COLLECTING = "collecting", _("Gathering consents")
    REACHED = "reached", _("On the village head's agenda: a tenth of the households consented")
    TAKEN_UP = "taken_up", _("On the village head's agenda: taken up by the Front's village committee")
    WITHDRAWN = "withdrawn", _("Withdrawn")


ON_AGENDA = (InitiativeStatus.REACHED, InitiativeStatus.TAKEN_UP)


class Initiative(models.Model):
    village = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("village")
    )
    unit_path = models.CharField(max_length=255, editable=False, db_index=True)
    rule_version = models.CharField(max_length=16, editable=False)
    title = models.CharField(_("title"), max_length=200)
    proposal = models.TextField(_("what the citizens propose"))
    proposers = models.CharField(_("proposed by"), max_length=500)
    opened_on = models.DateField(_("registered on"))
    households = models.PositiveIntegerField(_("households of the village"), editable=False)
    code_salt = models.CharField(max_length=32, editable=False)
    status = models.CharField(
        _("status"), max_length=12, choices=InitiativeStatus.choices, default=InitiativeStatus.COLLECTING
    )
    on_agenda_on = models.DateField(_("on the agenda from"), null=True, blank=True)
    front_note = models.TextField(_("the Front's village committee's note"), blank=True)
    withdraw_reason = models.TextField(_("why the proposers withdrew it"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("citizens' initiative")
        verbose_name_plural = _("citizens' initiatives")
        ordering = ["-opened_on", "-id"]

    def __str__(self):
        return self.title

    @property
    def book(self) -> rules.InitiativeBook:
        return next(b for b in rules.BOOKS if b.version == self.rule_version)


class Way(models.TextChoices):
    ONLINE = "online", _("online, with the household's code")
    PAPER = "paper", _("on paper, signed")


class Supporter(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="supporters")
    household = models.ForeignKey("households.Household", on_delete=models.SET_NULL, null=True, related_name="+")
    household_code = models.CharField(_("household code"), max_length=32)
    name = models.CharField(_("name"), max_length=200)
    position = models.PositiveIntegerField()
    code_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)  # noqa: DJ001
    consented_on = models.DateField(_("consented on"), null=True, blank=True)
    via = models.CharField(_("how"), max_length=8, choices=Way.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "position"], name="supporter_position_unique"),
        ]

    def __str__(self):
        return f"{self.household_code} — {self.name}"
