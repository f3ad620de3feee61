"""Consultations: drafts put to residents or delegates, their opinions, and the answer each opinion gets.

Law 10/2022 Art. 25-29 (law.md A5): before deciding, the authority asks residents' opinions (tham gia ý kiến) on a
draft, then synthesises them and says which it absorbed and why it did not absorb the others (tiếp thu, giải
trình). A `Consultation` holds a draft as numbered `DraftVersion`s of `Section`s (a section keeps its `key`
from version to version, so a diff can pair them). Every `Opinion` comes from one channel (online, a meeting's
minutes, a paper form, a conference) and, once grouped, belongs to one `OpinionGroup`: officers answer a
group once, and the answer (absorbed with the section's revised text, explained, not absorbed with the
reason) covers every opinion in it. A `Conference` is a meeting whose delegates raise opinions on a draft
report or programme: the same engine tracks them into the report's next version.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from grassroots.text import fold
from localities.models import AdministrativeUnit


class Subject(models.TextChoices):
    # Law 10/2022 Art. 25 (law.md A5), items 1–9: what residents are consulted on before the authority decides
    # (consultations.rules.ARTICLE_25_ITEMS). A conference's draft report is the platform's own tenth subject.
    SOCIO_ECONOMIC_PLAN = "socio_economic_plan", _("Socio-economic plan, economic restructuring, resettlement areas")
    LAND_USE = "land_use", _("Land-use planning and the land fund the commune manages")
    INVESTMENT = "investment", _("Investment, land, waste, environment, compensation and resettlement of a project")
    BOUNDARY = "boundary", _("Founding, merging, splitting or renaming a unit, village or residential group")
    COMMUNITY_DECISION = "community_decision", _("The commune's administrative decision on a community interest")
    CONSTRUCTION_PLANNING = "construction_planning", _("General construction planning of the commune")
    DEMOCRACY_REGULATION = "democracy_regulation", _("The commune's regulation on grassroots democracy")
    OBLIGATIONS_DECISION = "obligations_decision", _("A decision that sets citizens' obligations or limits rights")
    OTHER = "other", _("Other matters the law or the democracy regulation lists")
    REPORT = "report", _("Report or work programme (conferences)")
    VILLAGE_CONVENTION = "village_convention", _("Draft village convention (Decree 61/2023 Art. 9)")


class Audience(models.TextChoices):
    RESIDENTS = "residents", _("Residents of the unit")
    HOUSEHOLDS = "households", _("Household representatives")
    DELEGATES = "delegates", _("Delegates")
    GROUP = "group", _("A named group")


class Status(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    OPEN = "open", _("Taking opinions")
    ANSWERING = "answering", _("Opinions closed, being answered")
    CLOSED = "closed", _("Closed, every opinion answered")


class Consultation(models.Model):
    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="consultations", verbose_name=_("unit")
    )
    unit_path = models.CharField(max_length=255, editable=False, db_index=True)
    title = models.CharField(_("title"), max_length=250)
    subject = models.CharField(_("subject"), max_length=24, choices=Subject.choices)
    # The rule book in force when the consultation was created (consultations.rules): it keeps it.
    rule_version = models.CharField(max_length=20, default="2023-07-01", editable=False)
    summary = models.TextField(_("what residents are asked"), blank=True)
    audience = models.CharField(_("who is asked"), max_length=12, choices=Audience.choices)
    audience_note = models.CharField(_("audience, in words"), max_length=250, blank=True)
    opens_on = models.DateField(_("opinions from"))
    closes_on = models.DateField(_("opinions until"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    # The plan and content made public when it opens, and the synthesis and answers at closing: both item 11 of
    # Law 10/2022 Art. 11 (and Art. 28 §3).
    plan_disclosure = models.ForeignKey(
        "disclosures.Disclosure", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    synthesis_disclosure = models.ForeignKey(
        "disclosures.Disclosure", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Set while a grouping task for new opinions waits: a burst of opinions queues one task, not one each.
    grouping_queued = models.BooleanField(default=False, editable=False)
    history = HistoricalRecords(excluded_fields=["grouping_queued"])

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.unit_path = self.unit.path
        super().save(*args, **kwargs)


class DraftVersion(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("version of the draft")
        verbose_name_plural = _("versions of the draft")
        ordering = ["consultation_id", "number"]
        constraints = [models.UniqueConstraint(fields=["consultation", "number"], name="one_version_number")]

    def __str__(self) -> str:
        return str(_("Version %(number)d") % {"number": self.number})


class Section(models.Model):
    version = models.ForeignKey(DraftVersion, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=12)  # "s1", "s2"…: the same section in every version
    position = models.PositiveSmallIntegerField(default=0)
    heading = models.CharField(_("heading"), max_length=300)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["version_id", "position"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="one_section_key_per_version")]

    def __str__(self) -> str:
        return self.heading


class Conference(models.Model):
    """A conference (hội nghị) whose delegates give opinions on the consultation's draft report or programme."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="conferences")
    title = models.CharField(_("conference"), max_length=250)
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    chair = models.CharField(_("chaired by"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda (one item per line)"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, editable=False
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def agenda_items(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]


class Delegate(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="delegates")
    name = models.CharField(_("name"), max_length=150)
    position = models.CharField(_("position and agency"), max_length=250, blank=True)
    attended = models.BooleanField(_("attended"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")
        ordering = ["conference_id", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.position})" if self.position else self.name


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    MEETING = "meeting", _("At a meeting (from its minutes)")
    PAPER = "paper", _("On a paper form")
    CONFERENCE = "conference", _("At a conference")


class Answer(models.TextChoices):
    PENDING = "pending", _("Not answered yet")
    ABSORBED = "absorbed", _("Absorbed")
    EXPLAINED = "explained", _("Explained")
    NOT_ABSORBED = "not_absorbed", _("Not absorbed")


class OpinionGroup(models.Model):
    """Opinions that say the same thing, answered once. A group of one is an opinion answered on its own."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="groups")
    key_phrases = models.JSONField(_("key phrases"), default=list, blank=True)
    answer = models.CharField(_("answer"), max_length=12, choices=Answer.choices, default=Answer.PENDING)
    # For "explained", the explanation; for "not absorbed", the reason; for "absorbed", an optional note.
    answer_text = models.TextField(_("explanation or reason"), blank=True)
    section_key = models.CharField(_("section revised"), max_length=12, blank=True)
    revised_text = models.TextField(_("revised text of the section"), blank=True)
    # The version that carried the revised text, once issued.
    applied_in = models.ForeignKey(
        DraftVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="applied_groups"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("group of opinions")
        verbose_name_plural = _("groups of opinions")
        ordering = ["id"]
        indexes = [models.Index(fields=["consultation", "answer"], name="group_answer")]

    def __str__(self) -> str:
        return ", ".join(self.key_phrases) or str(_("Group %(id)d") % {"id": self.pk})


class Opinion(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="opinions")
    section_key = models.CharField(_("section"), max_length=12, blank=True)  # blank: the whole draft
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    author = models.CharField(_("who gave it"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="opinions"
    )
    source = models.CharField(_("source (minutes, form)"), max_length=300, blank=True)
    conference = models.ForeignKey(Conference, on_delete=models.PROTECT, null=True, blank=True, related_name="opinions")
    delegate = models.ForeignKey(Delegate, on_delete=models.PROTECT, null=True, blank=True, related_name="opinions")
    text = models.TextField(_("opinion"))
    group = models.ForeignKey(OpinionGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="opinions")
    is_hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # A keyed hash of the sender's address: enough to rate-limit, not enough to find them.
    client_key = models.CharField(max_length=64, blank=True, editable=False)
    # Folded author and text, for officers finding an opinion without typing its diacritics.
    search_text = models.TextField(blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["client_key", "search_text"])

    class Meta:
        verbose_name = _("opinion")
        verbose_name_plural = _("opinions")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["consultation", "group"], name="opinion_group"),
            # Groups' sizes are counted from this index alone.
            models.Index(fields=["group", "is_hidden"], name="opinion_group_visible"),
            models.Index(fields=["client_key", "created_at"], name="opinion_sender_recent"),
            models.Index(fields=["phone", "created_at"], name="opinion_phone_recent"),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.author} {self.text}")
        super().save(*args, **kwargs)
