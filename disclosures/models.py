"""Public disclosure (công khai): what the law says a unit must make public, and what it actually published.

A `CatalogueItem` is one thing the law requires to be disclosed (Law 10/2022 Art. 11), with its channels,
posting period and deadline as data. A `Disclosure` is one version of a publication by a commune or village;
a correction adds a new version to the same series and marks the old one superseded, so nothing published
ever disappears. Attachments, channel records and residents' questions hang off a version.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from localities.models import AdministrativeUnit, Level


class Topic(models.TextChoices):
    POLICY = "policy", _("Policies, laws and procedures")
    PLANNING = "planning", _("Socio-economic plans")
    BUDGET = "budget", _("Budget and finance")
    LAND = "land", _("Land, recovery and resettlement")
    INVESTMENT = "investment", _("Investment projects and public works")
    CONTRIBUTIONS = "contributions", _("Residents' contributions and funds")
    FEES = "fees", _("Fees and charges")
    INSPECTION = "inspection", _("Inspections and anti-corruption")
    SOCIAL_SUPPORT = "social_support", _("Poor households and social support")
    CONSULTATION = "consultation", _("Results of consultations")
    STAFFING = "staffing", _("Recruitment and staffing")
    CONVENTION = "convention", _("Village conventions")
    RIGHTS = "rights", _("Residents' rights and duties")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    # Law 10/2022 Art. 12 §1 (law.md A1): the forms of disclosure.
    NOTICE_BOARD = "notice_board", _("Notice board (posting)")
    LOUDSPEAKER = "loudspeaker", _("Commune radio (loudspeakers)")
    PORTAL = "portal", _("Electronic portal")
    MEETING = "meeting", _("Meeting")
    VILLAGE_HEADS = "village_heads", _("Through village heads")
    ON_REQUEST = "on_request", _("Documents on request")


class Recurrence(models.TextChoices):
    ANNUAL = "annual", _("Every year, by a fixed date")
    ON_EVENT = "on_event", _("Whenever the document is issued")


class CatalogueItem(models.Model):
    """One item the law requires to be made public. Editing bumps `version`; history keeps every version."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=300)
    article = models.CharField(_("legal basis"), max_length=120)
    # The item of Law 10/2022 Art. 11 (1–14) this is part of: Art. 13 sets its channels and periods by it.
    item_number = models.PositiveSmallIntegerField(_("item of Article 11"), null=True, blank=True)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    level = models.PositiveSmallIntegerField(_("level that discloses"), choices=Level.choices, default=Level.COMMUNE)
    required_channels = models.JSONField(_("required channels"), default=list)
    min_posting_days = models.PositiveSmallIntegerField(_("minimum posting period (days)"), default=30)
    permanent = models.BooleanField(_("posted permanently and kept current"), default=False)
    radio_min_days = models.PositiveSmallIntegerField(
        _("consecutive days on the commune radio (0: not required)"), default=0
    )
    deadline_working_days = models.PositiveSmallIntegerField(
        _("deadline after the document is issued (working days)"), default=5
    )
    recurrence = models.CharField(_("recurrence"), max_length=10, choices=Recurrence.choices)
    due_month = models.PositiveSmallIntegerField(_("yearly due month"), null=True, blank=True)
    due_day = models.PositiveSmallIntegerField(_("yearly due day"), null=True, blank=True)
    is_active = models.BooleanField(_("in force"), default=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mandated item")
        verbose_name_plural = _("catalogue of mandated items")
        ordering = ["item_number", "code"]

    def __str__(self) -> str:
        return self.title

    def get_required_channels_display(self) -> list[str]:
        labels = dict(Channel.choices)
        return [str(labels.get(c, c)) for c in self.required_channels]


class Status(models.TextChoices):
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded by a correction")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Disclosure(models.Model):
    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="disclosures", verbose_name=_("unit")
    )
    # The unit's place in the tree, copied so a portal page of any level is one indexed, ordered scan.
    unit_path = models.CharField(max_length=255, editable=False)
    province = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="+", editable=False)
    commune = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="+", null=True, editable=False
    )
    village = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="+", null=True, editable=False
    )
    catalogue_item = models.ForeignKey(
        CatalogueItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disclosures",
        verbose_name=_("mandated item fulfilled"),
    )
    catalogue_version = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # The item's duties as they stood when the series was first published: a later edit of the catalogue (a new
    # decree) applies to what is published from then on, not to what was already judged (rules as dated data).
    min_posting_days = models.PositiveSmallIntegerField(default=30, editable=False)
    posted_permanently = models.BooleanField(default=False, editable=False)
    radio_min_days = models.PositiveSmallIntegerField(default=0, editable=False)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("content"), blank=True)
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    issued_on = models.DateField(_("document issued on"))
    effective_from = models.DateField(_("effective from"))
    effective_until = models.DateField(_("effective until"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"))
    # The series' first publication: timeliness is judged on it, not on a later correction.
    first_published_at = models.DateTimeField(editable=False)
    due_on = models.DateField(_("due by"), null=True, blank=True, editable=False)
    is_late = models.BooleanField(_("late"), default=False, editable=False)
    taken_down_early = models.BooleanField(_("taken down before the minimum period"), default=False, editable=False)
    radio_short = models.BooleanField(_("not on the radio for the days required"), default=False, editable=False)
    series = models.ForeignKey("self", on_delete=models.PROTECT, null=True, related_name="versions", editable=False)
    version = models.PositiveSmallIntegerField(_("version"), default=1, editable=False)
    correction_note = models.TextField(_("what was corrected"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PUBLISHED)
    superseded_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True, editable=False)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    # Folded title, body and attachment text, plus unit, topic and period words: what the full-text index holds.
    search_text = models.TextField(editable=False, default="")
    facets = models.CharField(max_length=160, editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, editable=False
    )
    history = HistoricalRecords(excluded_fields=["search_text", "facets"])

    class Meta:
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")
        indexes = [
            models.Index(fields=["province", "status", "-published_at"], name="disclosure_province_recent"),
            models.Index(fields=["commune", "status", "-published_at"], name="disclosure_commune_recent"),
            models.Index(fields=["village", "status", "-published_at"], name="disclosure_village_recent"),
            models.Index(fields=["unit_path"], name="disclosure_unit_path"),
            models.Index(fields=["catalogue_item", "commune", "issued_on"], name="disclosure_item_commune"),
            # The portal's province-wide search on PostgreSQL: topic as a column, period as an id range.
            models.Index(fields=["province", "topic", "id"], name="disclosure_province_topic"),
            models.Index(fields=["published_at"], name="disclosure_published"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_current(self) -> bool:
        return self.status == Status.PUBLISHED


class AttachmentKind(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "DOCX"
    XLSX = "xlsx", "XLSX"
    IMAGE = "image", _("Image")


class Attachment(models.Model):
    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="disclosures/%Y/%m/", max_length=255)
    name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(max_length=8, choices=AttachmentKind.choices)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    extracted_text = models.TextField(blank=True)
    history = HistoricalRecords(excluded_fields=["extracted_text"])

    class Meta:
        verbose_name = _("attached file")
        verbose_name_plural = _("attached files")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class ChannelRecord(models.Model):
    """One channel a disclosure went out through, with its dates and, for a notice board, a photo as proof."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="channels")
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    started_on = models.DateField(_("posted or broadcast on"))
    ended_on = models.DateField(_("taken down on"), null=True, blank=True)
    photo = models.ImageField(_("photo as evidence"), upload_to="evidence/%Y/%m/", null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["started_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.started_on:%d/%m/%Y}"


class QuestionKind(models.TextChoices):
    QUESTION = "question", _("A question about this item")
    NOT_POSTED = "not_posted", _("The notice board does not show this item")


class QuestionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ANSWERED = "answered", _("Answered")
    HIDDEN = "hidden", _("Hidden")


class Question(models.Model):
    """A resident's question or report on a disclosure; public once answered."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("kind"), max_length=12, choices=QuestionKind.choices, default=QuestionKind.QUESTION)
    name = models.CharField(_("your name"), max_length=100)
    phone = models.CharField(_("phone"), max_length=20)
    text = models.TextField(_("question"))
    created_at = models.DateTimeField(auto_now_add=True)
    # A keyed hash of the sender's address: enough to rate-limit, not enough to find them.
    client_key = models.CharField(max_length=64, db_index=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=QuestionStatus.choices, default=QuestionStatus.PENDING
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    history = HistoricalRecords(excluded_fields=["client_key"])

    class Meta:
        verbose_name = _("resident's question")
        verbose_name_plural = _("residents' questions")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["phone", "created_at"], name="question_phone_recent")]

    def __str__(self) -> str:
        return self.text[:60]


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")


class Reminder(models.Model):
    """A reminder already sent, so each (commune, item, year, kind) is reminded once, not every day."""

    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.CASCADE, related_name="+")
    catalogue_item = models.ForeignKey(CatalogueItem, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "catalogue_item", "year", "kind"], name="reminder_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.catalogue_item_id} / {self.unit_id} / {self.year}"


class PortalState(models.Model):
    """One row whose `version` goes up whenever anything the public portal shows changes.

    Cached portal pages are keyed on it (see disclosures.portal_cache), so a change is visible at once.
    """

    version = models.BigIntegerField(default=1)

    def __str__(self) -> str:
        return f"portal v{self.version}"
