"""Households (hộ gia đình) and the residents who belong to them.

The law counts many decisions per household (Law 10/2022 Art. 15-18), so each household designates one
representative (đại diện hộ), who must be an adult member.
"""

from datetime import date

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from grassroots.text import fold
from households import rules
from localities.models import AdministrativeUnit


class HouseholdQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class PublishedHouseholdManager(models.Manager.from_queryset(HouseholdQuerySet)):
    """Households an import is still writing (`pending_import` set) are nobody's business until it publishes
    them all at once (households.importing): every page, list, search, roll and export reads through here."""

    def get_queryset(self):
        return super().get_queryset().filter(pending_import__isnull=True)


class PublishedResidentManager(models.Manager):
    """Residents of households an import has not published yet are hidden with their households."""

    def get_queryset(self):
        return super().get_queryset().filter(household__pending_import__isnull=True)


class AllResidentsManager(models.Manager):
    pass


class Household(models.Model):
    code = models.CharField(_("household code"), max_length=32, unique=True)
    village = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="households", verbose_name=_("village")
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    head = models.ForeignKey(
        "Resident",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("head of household"),
    )
    representative = models.ForeignKey(
        "Resident",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("household representative"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("merged into")
    )
    # Folded code, address and member names: what the diacritic-insensitive search reads.
    search_text = models.TextField(editable=False, default="")
    # Set while an import writes this household in short transactions; cleared, for the whole file at once, in
    # its last one. Indexed only where set, so that queries for published households plan as before.
    pending_import = models.ForeignKey(
        "HouseholdImport",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        db_index=False,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["search_text", "updated_at", "pending_import"])

    objects = PublishedHouseholdManager()
    all_objects = HouseholdQuerySet.as_manager()  # with an import's unpublished rows: the importer's, and checks

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        indexes = [
            models.Index(fields=["village", "is_active"]),
            models.Index(
                fields=["pending_import"], condition=models.Q(pending_import__isnull=False), name="households_pending"
            ),
        ]

    def __str__(self) -> str:
        head = self.head.full_name if self.head_id else ""
        return f"{self.code} — {head}" if head else self.code

    def build_search_text(self, member_names=None) -> str:
        if member_names is None:
            member_names = self.members.filter(is_active=True).values_list("full_name", flat=True)
        return search_text_for(self.code, self.address, member_names)


def search_text_for(code: str, address: str, member_names) -> str:
    return fold(" ".join([code, address, *member_names]))


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")
    OTHER = "O", _("Other")


class LeaveReason(models.TextChoices):
    MOVED_AWAY = "moved_away", _("Moved away")
    DECEASED = "deceased", _("Deceased")
    OTHER = "other", _("Other reason")


class Resident(models.Model):
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="members", verbose_name=_("household")
    )
    full_name = models.CharField(_("full name"), max_length=200)
    search_name = models.CharField(max_length=200, editable=False, default="")
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    # Căn cước / CCCD: 12 digits. Never listed; masked in exports (see households.rules.mask_citizen_id).
    citizen_id = models.CharField(_("citizen ID"), max_length=12, null=True, blank=True, unique=True)
    relationship = models.CharField(_("relationship to head"), max_length=60, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    left_reason = models.CharField(_("reason for leaving"), max_length=20, choices=LeaveReason.choices, blank=True)
    # Residents may have accounts later (to vote or comment); the link lives here.
    user = models.OneToOneField(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="resident"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["search_name"])

    objects = PublishedResidentManager()
    all_objects = AllResidentsManager()  # with residents of an import's unpublished households

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        ordering = ["household_id", "id"]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.search_name = fold(self.full_name)
        super().save(*args, **kwargs)

    def is_eligible_voter(self, on: date | None = None) -> bool:
        return rules.is_eligible_voter(self.date_of_birth, on or timezone.localdate())

    @property
    def masked_citizen_id(self) -> str:
        return rules.mask_citizen_id(self.citizen_id)


class HouseholdImport(models.Model):
    """One upload of a household file, checked and applied by a background task that reports progress."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        VALIDATING = "validating", _("Checking rows")
        WRITING = "writing", _("Saving")
        FAILED = "failed", _("Rejected")
        DONE = "done", _("Imported")

    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(max_length=255)
    content = models.BinaryField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)  # [{"row": 3, "message": "..."}]
    households_created = models.PositiveIntegerField(default=0)
    residents_created = models.PositiveIntegerField(default=0)
    residents_updated = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["content", "processed_rows"])

    class Meta:
        verbose_name = _("household import")
        verbose_name_plural = _("household imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.FAILED, self.Status.DONE}

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0
