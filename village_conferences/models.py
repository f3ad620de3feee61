from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from localities.models import AdministrativeUnit
from village_conferences import rules


class Conference(models.Model):
    """One village's conference of a year: planned, announced, held, reported (Decree 59/2023 Art. 10–11)."""

    village = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="village_conferences", verbose_name=_("village")
    )
    unit_path = models.CharField(max_length=255, editable=False, db_index=True)
    rule_version = models.CharField(max_length=16, editable=False)
    year = models.PositiveSmallIntegerField(_("year"))
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=200)
    plan_sent_on = models.DateField(_("plan sent to the commune, the Front and the inspection board on"))
    notice_on = models.DateField(_("households told on"))
    agenda = models.JSONField(_("agenda"), default=list)
    households_present = models.PositiveIntegerField(_("households present"), null=True, blank=True)
    households = models.PositiveIntegerField(_("households of the village"), null=True, blank=True)
    summary = models.TextField(_("what the conference concluded"), blank=True)
    report_sent_on = models.DateField(_("report sent on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("annual village conference")
        verbose_name_plural = _("annual village conferences")
        ordering = ["-year", "unit_path"]
        constraints = [models.UniqueConstraint(fields=["village", "year"], name="one_village_conference_a_year")]

    def __str__(self):
        return f"{self.village} · {self.year}"

    @property
    def book(self) -> rules.ConferenceBook:
        return next(b for b in rules.BOOKS if b.version == self.rule_version)
