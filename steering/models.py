"""The Steering Committee (Ban Chỉ đạo thực hiện QCDC ở cơ sở): its members, work programmes and their tasks.

A `Committee` sits at a province or a commune; the province's other steering committees are kept too, with
their programmes, so that a new programme can be checked against them for overlap (trùng chéo). A member's
place on a committee is a `Membership` with a start and an end: after each congress the committee is
reconsolidated by ending some memberships and starting others, so "who was on the committee on date X" is a
query, not a memory. A `Programme` is a year's tasks; it is adopted only once every overlap flag raised against
it has been confirmed or dismissed.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from localities.models import AdministrativeUnit


class CommitteeKind(models.TextChoices):
    GRASSROOTS_DEMOCRACY = "grassroots_democracy", _("Steering committee for grassroots democracy")
    OTHER = "other", _("Another steering committee")


class Committee(models.Model):
    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="committees", verbose_name=_("unit")
    )
    unit_path = models.CharField(max_length=255, editable=False, db_index=True)
    kind = models.CharField(_("kind"), max_length=24, choices=CommitteeKind.choices)
    name = models.CharField(_("name"), max_length=250)
    decision = models.CharField(_("set up by decision"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("steering committee")
        verbose_name_plural = _("steering committees")
        ordering = ["unit_path", "kind", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.unit_path = self.unit.path
        super().save(*args, **kwargs)


class Position(models.TextChoices):
    HEAD = "head", _("Head")
    DEPUTY = "deputy", _("Deputy head")
    MEMBER = "member", _("Member")


class Membership(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="memberships")
    name = models.CharField(_("name"), max_length=150)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("account"),
    )
    position = models.CharField(_("position"), max_length=10, choices=Position.choices, default=Position.MEMBER)
    agency = models.CharField(_("agency"), max_length=250)
    sectors = models.CharField(_("sectors and fields assigned"), max_length=500, blank=True)
    communes = models.ManyToManyField(
        AdministrativeUnit, blank=True, related_name="followed_by", verbose_name=_("communes followed")
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    decision = models.CharField(_("by decision"), max_length=200, blank=True)
    history = HistoricalRecords(m2m_fields=[communes])

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["committee_id", "position", "name"]
        indexes = [models.Index(fields=["committee", "starts_on", "ends_on"], name="membership_term")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_position_display()}, {self.agency})"


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")


class Programme(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="programmes")
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=250)
    status = models.CharField(
        _("status"), max_length=10, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    overlap_checked_at = models.DateTimeField(_("overlap checked at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, editable=False
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("work programme")
        verbose_name_plural = _("work programmes")
        ordering = ["-year", "committee_id"]

    def __str__(self) -> str:
        return self.title


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class Task(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="tasks")
    number = models.PositiveSmallIntegerField(_("no."))
    content = models.TextField(_("content"))
    lead = models.ForeignKey(
        Membership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_tasks",
        verbose_name=_("lead member"),
    )
    lead_agency = models.CharField(_("lead agency"), max_length=250, blank=True)
    partners = models.CharField(_("coordinating agencies"), max_length=500, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    output = models.CharField(_("expected output"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    # The day a reminder last went out, so the daily digest tells each lead once per state, not every day.
    reminded_due_on = models.DateField(null=True, blank=True, editable=False)
    reminded_overdue_on = models.DateField(null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["reminded_due_on", "reminded_overdue_on"])

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["programme_id", "number"]
        indexes = [models.Index(fields=["status", "deadline"], name="task_open_deadline")]

    def __str__(self) -> str:
        return f"{self.number}. {self.content[:80]}"


class ProgressUpdate(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="updates")
    progress = models.PositiveSmallIntegerField(_("progress (%)"))
    note = models.TextField(_("what was done"))
    evidence = models.FileField(_("evidence"), upload_to="steering/evidence/%Y/", blank=True)
    evidence_name = models.CharField(max_length=255, blank=True)
    evidence_type = models.CharField(max_length=100, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.progress}%: {self.note[:60]}"


class FlagDecision(models.TextChoices):
    PENDING = "pending", _("To decide")
    CONFIRMED = "confirmed", _("Overlap confirmed")
    DISMISSED = "dismissed", _("Not an overlap")


class OverlapFlag(models.Model):
    """A task that looks like another committee's task: officials confirm or dismiss, and the decision is kept."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="overlap_flags")
    other = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("similarity"))
    shared_phrases = models.JSONField(_("shared phrases"), default=list)
    decision = models.CharField(
        _("decision"), max_length=10, choices=FlagDecision.choices, default=FlagDecision.PENDING
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("overlap flag")
        verbose_name_plural = _("overlap flags")
        ordering = ["-score", "id"]
        constraints = [models.UniqueConstraint(fields=["task", "other"], name="one_flag_per_pair")]

    def __str__(self) -> str:
        return f"{self.task} ~ {self.other} ({self.score:.2f})"


class GuidanceKind(models.TextChoices):
    DIRECTIVE = "directive", _("Directive (chỉ thị)")
    CONCLUSION = "conclusion", _("Conclusion (kết luận)")
    RESOLUTION = "resolution", _("Resolution (nghị quyết)")
    PLAN = "plan", _("Plan (kế hoạch)")
    OTHER = "other", _("Other document")


class Guidance(models.Model):
    """A guidance document the committee implements (from the centre or the province), with the reviews it
    requires: interim (sơ kết) and final (tổng kết)."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="guidance")
    kind = models.CharField(_("kind"), max_length=12, choices=GuidanceKind.choices)
    number = models.CharField(_("number and symbol"), max_length=60)
    title = models.CharField(_("title"), max_length=300)
    issuer = models.CharField(_("issued by"), max_length=200)
    issued_on = models.DateField(_("issued on"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("guidance document")
        verbose_name_plural = _("guidance documents")
        ordering = ["-issued_on", "id"]

    def __str__(self) -> str:
        return f"{self.number}: {self.title}"


class ReviewKind(models.TextChoices):
    INTERIM = "interim", _("Interim review (sơ kết)")
    FINAL = "final", _("Final review (tổng kết)")


class Review(models.Model):
    guidance = models.ForeignKey(Guidance, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(_("kind"), max_length=8, choices=ReviewKind.choices)
    due_on = models.DateField(_("due by"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    report = models.CharField(_("report (number, or where it is)"), max_length=300, blank=True)
    reminded_on = models.DateField(null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["reminded_on"])

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.guidance.number} ({self.due_on:%d/%m/%Y})"


class CriteriaSet(models.Model):
    """An editable list of what inspectors check. An inspection copies the criteria when it starts, so editing
    the set later never changes a past inspection's checklist."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="criteria_sets")
    name = models.CharField(_("name"), max_length=250)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")
        ordering = ["committee_id", "name"]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("criterion"), max_length=400)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["criteria_set_id", "position", "id"]

    def __str__(self) -> str:
        return self.text


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("Being inspected")
    DONE = "done", _("Concluded")


class Inspection(models.Model):
    """One visit of the committee's plan: which commune, when, who, against which criteria."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="inspections")
    commune = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("commune")
    )
    plan = models.CharField(_("plan"), max_length=250, help_text=_("The plan it belongs to, e.g. Kế hoạch 05-KH/BCĐ."))
    scheduled_on = models.DateField(_("scheduled on"))
    team = models.CharField(_("team"), max_length=500)
    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("criteria set")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=InspectionStatus.choices, default=InspectionStatus.PLANNED
    )
    findings = models.TextField(_("findings"), blank=True)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-scheduled_on", "id"]

    def __str__(self) -> str:
        return f"{self.commune} ({self.scheduled_on:%d/%m/%Y})"


class CheckResult(models.TextChoices):
    UNCHECKED = "", _("Not checked yet")
    MET = "met", _("Met")
    PARTLY = "partly", _("Partly met")
    NOT_MET = "not_met", _("Not met")
    NOT_APPLICABLE = "na", _("Not applicable")


class CheckItem(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="checklist")
    position = models.PositiveSmallIntegerField(default=0)
    criterion = models.CharField(_("criterion"), max_length=400)
    result = models.CharField(_("result"), max_length=8, choices=CheckResult.choices, blank=True, default="")
    note = models.CharField(_("note"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["inspection_id", "position"]

    def __str__(self) -> str:
        return self.criterion


class Recommendation(models.Model):
    """What the inspection asks the commune to do, by when; followed up until it is closed."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField(_("recommendation"))
    due_on = models.DateField(_("due by"))
    response = models.TextField(_("what the commune did"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    reminded_overdue_on = models.DateField(null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["reminded_overdue_on"])

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be generated")
    WORKING = "working", _("Being generated")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class AnnualReport(models.Model):
    """One version of the committee's annual evaluation report (báo cáo đánh giá kết quả thực hiện QCDC năm N,
    phương hướng nhiệm vụ năm N+1): the officials' narrative, the figures taken from the data when it was
    generated, and the DOCX. Every generation is a new version; earlier ones stay."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="annual_reports")
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"))
    leadership = models.TextField(_("leadership and direction"), blank=True)
    assessment = models.TextField(_("overall assessment: strengths, shortcomings and causes"), blank=True)
    directions = models.TextField(_("directions and tasks for next year"), blank=True)
    status = models.CharField(_("status"), max_length=8, choices=ReportStatus.choices, default=ReportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, editable=False)
    figures = models.JSONField(default=dict, editable=False)
    file = models.FileField(upload_to="steering/reports/%Y/", blank=True, editable=False)
    error = models.CharField(max_length=300, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["progress", "figures"])

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["-year", "-version"]
        constraints = [models.UniqueConstraint(fields=["committee", "year", "version"], name="one_report_version")]

    def __str__(self) -> str:
        return f"{self.committee} {self.year} v{self.version}"
