"""A village convention (hương ước, quy ước) from its initiative to its repeal (Decree 61/2023/NĐ-CP).

The convention holds what is its own: who started it, the drafting team, the dossier and the commune's decisions
on it, its yearly reviews. The draft put to residents is a consultations.Consultation (at least 30 days, Art. 9);
the households' adoption is a decisions.Matter (item 3 of Law 10/2022 Art. 15), recognised there by the commune
People's Committee; this model points at both.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from conventions import rules
from localities.models import AdministrativeUnit


class ConventionKind(models.TextChoices):
    HUONG_UOC = "huong_uoc", _("Village covenant (hương ước)")
    QUY_UOC = "quy_uoc", _("Village rules (quy ước)")


class Initiator(models.TextChoices):
    # Decree 61/2023 Art. 7.
    VILLAGE_HEAD = "village_head", _("The village head, with the Front's village committee")
    HOUSEHOLDS = "households", _("At least a tenth of the households (a citizens' initiative)")


class Convention(models.Model):
    village = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="conventions", verbose_name=_("village")
    )
    unit_path = models.CharField(max_length=255, editable=False, db_index=True)
    rule_version = models.CharField(max_length=16, editable=False)
    kind = models.CharField(_("kind"), max_length=12, choices=ConventionKind.choices)
    title = models.CharField(_("title"), max_length=200)
    initiated_by = models.CharField(_("started by"), max_length=16, choices=Initiator.choices)
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conventions",
        verbose_name=_("citizens' initiative"),
    )
    started_on = models.DateField(_("started on"))
    amends = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="amendments", verbose_name=_("amends")
    )
    # Art. 8: the drafting team; in an area of ethnic minorities it includes the village elder and someone who
    # speaks the minority language.
    minority_area = models.BooleanField(_("an area of ethnic minorities"), default=False)
    team = models.JSONField(_("drafting team"), default=list, blank=True)
    elder = models.CharField(_("village elder on the team"), max_length=200, blank=True)
    language_speaker = models.CharField(_("speaker of the minority language on the team"), max_length=200, blank=True)
    consultation = models.OneToOneField(
        "consultations.Consultation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="convention",
        verbose_name=_("the draft with the residents"),
    )
    matter = models.OneToOneField(
        "decisions.Matter",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="convention",
        verbose_name=_("the vote"),
    )
    # Art. 11: the dossier (request, minutes, adopted text) to the commune; the day it was complete starts the
    # commune's 5 working days.
    dossier_complete_on = models.DateField(_("the dossier was complete on"), null=True, blank=True)
    dispatched_on = models.DateField(
        _("recognised text sent to the village head and the Front on"), null=True, blank=True
    )
    suspension_reported_on = models.DateField(_("breach reported in writing on"), null=True, blank=True)
    suspended_on = models.DateField(_("suspended on"), null=True, blank=True)
    suspension_number = models.CharField(_("suspension decision number"), max_length=60, blank=True)
    suspension_reasons = models.TextField(_("why it is suspended"), blank=True)
    repealed_on = models.DateField(_("repealed on"), null=True, blank=True)
    repeal_number = models.CharField(_("repeal decision number"), max_length=60, blank=True)
    repeal_reasons = models.TextField(_("why it is repealed"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("village convention")
        verbose_name_plural = _("village conventions")
        ordering = ["-started_on", "-id"]

    def __str__(self):
        return self.title

    @property
    def book(self) -> rules.ConventionBook:
        return next(b for b in rules.BOOKS if b.version == self.rule_version)


class Review(models.Model):
    """The yearly review (Art. 15 §4: on 18 November, or another day the village agrees), reported to the commune
    (Art. 19 §1(e))."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="reviews")
    year = models.PositiveSmallIntegerField(_("year"))
    reviewed_on = models.DateField(_("reviewed on"))
    summary = models.TextField(_("how it was carried out"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["convention", "year"], name="convention_review_once_a_year")]

    def __str__(self):
        return f"{self.convention} · {self.year}"
