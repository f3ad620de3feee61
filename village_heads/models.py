"""A village head's office: the elections that fill it, the dismissals that end it, the acting heads between.

The vote of each election or dismissal is a household decision (decisions.Matter, item 4 of Law 10/2022 Art. 15),
held at a meeting and recognised by the commune People's Committee there. What lies around the vote is here: the
preparation steps of Decree 59/2023 Art. 6 with their dates, the candidates and how each came forward, the reasons
a dismissal was asked for, and the acting head the commune appoints after one.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from localities.models import AdministrativeUnit
from village_heads import rules


class HeadElection(models.Model):
    village = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="head_elections", verbose_name=_("village")
    )
    unit_path = models.CharField(max_length=255, editable=False, db_index=True)
    rule_version = models.CharField(max_length=16, editable=False)
    election_day = models.DateField(_("day of the election meeting"))
    meeting_place = models.CharField(_("meeting place"), max_length=200)
    # Decree 59/2023 Art. 6, each with its date (validated against the election day by the book in force).
    plan_on = models.DateField(_("the commune's decision and plan issued on"))
    plan_number = models.CharField(_("decision number"), max_length=60, blank=True)
    candidates_on = models.DateField(_("the Front's candidate list fixed on"), null=True, blank=True)
    team = models.JSONField(_("election team"), default=list, blank=True)  # names; the first leads it (the Front's)
    team_on = models.DateField(_("election team decided on"), null=True, blank=True)
    publicity_on = models.DateField(_("made known to residents on"), null=True, blank=True)
    publicity_how = models.CharField(_("how it was made known"), max_length=200, blank=True)
    # The household decision the meeting votes on (made once the steps are done, on time).
    matter = models.OneToOneField(
        "decisions.Matter",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="head_election",
        verbose_name=_("the vote"),
    )
    # Nobody elected: the commune decides a new election (Decree 59/2023 Art. 3 §5(d), Art. 8); this is that one.
    repeat_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="repeats", verbose_name=_("repeats")
    )
    # After a dismissal, the new head's election (within 60 days: Art. 9 §3).
    after_dismissal = models.ForeignKey(
        "Dismissal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="elections",
        verbose_name=_("after the dismissal"),
    )
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    cancel_reason = models.TextField(_("why it was cancelled"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("village head election")
        verbose_name_plural = _("village head elections")
        ordering = ["-election_day", "-id"]

    def __str__(self):
        return f"{self.village} · {self.election_day:%d/%m/%Y}"

    @property
    def book(self) -> rules.HeadBook:
        return next(b for b in rules.BOOKS if b.version == self.rule_version)


class CandidateSource(models.TextChoices):
    # Decree 59/2023 Art. 3 §5(b), Art. 6: the Front's list; standing oneself; nominated from the floor.
    FRONT_LIST = "front_list", _("On the Front's list")
    SELF = "self", _("Stood at the meeting")
    FLOOR = "floor", _("Nominated at the meeting")


class Candidate(models.Model):
    election = models.ForeignKey(HeadElection, on_delete=models.CASCADE, related_name="candidates")
    name = models.CharField(_("name"), max_length=200)
    source = models.CharField(_("how they came forward"), max_length=12, choices=CandidateSource.choices)
    nominated_by = models.CharField(_("nominated by"), max_length=200, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["election", "name"], name="candidate_once_per_election")]

    def __str__(self):
        return self.name


class DismissalReason(models.TextChoices):
    # Decree 59/2023 Art. 9 §1.
    OWN_REQUEST = "own_request", _("The head's own written request")
    FRONT_PROPOSAL = "front_proposal", _("Proposed by the head of the Front's village committee")
    PETITION = "petition", _("Asked for by at least half of the village's households")


class Dismissal(models.Model):
    village = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="head_dismissals", verbose_name=_("village")
    )
    unit_path = models.CharField(max_length=255, editable=False, db_index=True)
    rule_version = models.CharField(max_length=16, editable=False)
    head_name = models.CharField(_("village head"), max_length=200)
    reason = models.CharField(_("why"), max_length=16, choices=DismissalReason.choices)
    asked_on = models.DateField(_("asked for on"))
    details = models.TextField(_("details"), blank=True)
    petition_households = models.PositiveIntegerField(_("households that signed"), null=True, blank=True)
    households = models.PositiveIntegerField(_("households of the village"), default=0, editable=False)
    matter = models.OneToOneField(
        "decisions.Matter",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="head_dismissal",
        verbose_name=_("the vote"),
    )
    # The meeting could not agree: the commune People's Committee decides, agreeing with the commune Front (Art. 9).
    commune_decided_on = models.DateField(_("the commune decided on"), null=True, blank=True)
    commune_decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    commune_dismissed = models.BooleanField(_("dismissed by the commune's decision"), null=True)
    acting_head = models.CharField(_("acting village head"), max_length=200, blank=True)
    acting_from = models.DateField(_("acting from"), null=True, blank=True)
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    cancel_reason = models.TextField(_("why it was cancelled"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("village head dismissal")
        verbose_name_plural = _("village head dismissals")
        ordering = ["-asked_on", "-id"]

    def __str__(self):
        return f"{self.village} · {self.head_name}"

    @property
    def book(self) -> rules.HeadBook:
        return next(b for b in rules.BOOKS if b.version == self.rule_version)
