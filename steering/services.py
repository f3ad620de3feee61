"""Writes for the Steering Committee: members and their terms, programmes, tasks, progress, overlap decisions.

Each service is one transaction; permission checks belong to the caller (the scoping layer). Every change
records who made it (django-simple-history's `_history_user`).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from disclosures.files import check_upload
from grassroots import tabular
from grassroots.history import save_as
from grassroots.validators import collect_html_errors, reject_html
from localities.models import AdministrativeUnit, Level
from steering import overlap
from steering.models import (
    AnnualReport,
    CheckItem,
    CheckResult,
    Committee,
    CriteriaSet,
    Criterion,
    FlagDecision,
    Guidance,
    Inspection,
    InspectionStatus,
    Membership,
    OverlapFlag,
    Position,
    Programme,
    ProgrammeStatus,
    ProgressUpdate,
    Recommendation,
    ReportStatus,
    Review,
    ReviewKind,
    Task,
    TaskStatus,
)
from steering.selectors import comparable_tasks, members_on, overlap_flags

# Committees and members -------------------------------------------------------------------------------------


@transaction.atomic
def create_committee(*, by, unit: AdministrativeUnit, kind: str, name: str, decision: str = "") -> Committee:
    errors: dict[str, list[str]] = {}
    collect_html_errors(errors, name=name, decision=decision)
    if unit.level not in (Level.PROVINCE, Level.COMMUNE):
        errors.setdefault("unit", []).append(_("A steering committee sits at a province or a commune."))
    if len(name.strip()) < 5:
        errors.setdefault("name", []).append(_("Enter the committee's name."))
    if errors:
        raise ValidationError(errors)
    return save_as(Committee(unit=unit, kind=kind, name=name.strip(), decision=decision.strip()), by)


@dataclass
class MemberInput:
    name: str
    position: str
    agency: str
    starts_on: date
    sectors: str = ""
    decision: str = ""
    communes: tuple = ()
    user: object = None


@transaction.atomic
def appoint(*, by, committee: Committee, data: MemberInput) -> Membership:
    errors: dict[str, list[str]] = {}
    collect_html_errors(errors, name=data.name, agency=data.agency, sectors=data.sectors, decision=data.decision)
    if len(data.name.strip()) < 2:
        errors.setdefault("name", []).append(_("Enter the member's name."))
    if len(data.agency.strip()) < 2:
        errors.setdefault("agency", []).append(_("Enter the member's agency."))
    if data.position not in Position.values:
        errors.setdefault("position", []).append(_("Choose the member's position."))
    outside = [c for c in data.communes if not c.path.startswith(committee.unit_path) or c.level != Level.COMMUNE]
    if outside:
        errors.setdefault("communes", []).append(_("Communes followed must be communes under the committee's unit."))
    if data.position == Position.HEAD and members_on(committee, data.starts_on).filter(position=Position.HEAD):
        errors.setdefault("position", []).append(
            _("The committee already has a head on that day; end that membership first.")
        )
    if errors:
        raise ValidationError(errors)
    membership = save_as(
        Membership(
            committee=committee,
            name=data.name.strip(),
            user=data.user,
            position=data.position,
            agency=data.agency.strip(),
            sectors=data.sectors.strip(),
            starts_on=data.starts_on,
            decision=data.decision.strip(),
        ),
        by,
    )
    membership.communes.set(data.communes)
    return membership


@transaction.atomic
def end_membership(*, by, membership: Membership, ends_on: date, decision: str = "") -> Membership:
    if ends_on < membership.starts_on:
        raise ValidationError({"ends_on": [_("A membership cannot end before it starts.")]})
    reject_html(decision)
    membership.ends_on = ends_on
    if decision:
        membership.decision = f"{membership.decision}; {decision}".strip("; ")
    return save_as(membership, by, decision)


@transaction.atomic
def reconsolidate(
    *, by, committee: Committee, on: date, decision: str, keep: list[Membership], new: list[MemberInput]
) -> list[Membership]:
    """After a congress: every current member not in `keep` leaves the day before `on`, the `new` ones join on it."""
    kept = {m.pk for m in keep}
    for membership in members_on(committee, on):
        if membership.pk not in kept:
            end_membership(by=by, membership=membership, ends_on=on - timedelta(days=1), decision=decision)
    return [appoint(by=by, committee=committee, data=data) for data in new]


# Programmes and tasks ---------------------------------------------------------------------------------------


@transaction.atomic
def create_programme(*, by, committee: Committee, year: int, title: str) -> Programme:
    errors: dict[str, list[str]] = {}
    collect_html_errors(errors, title=title)
    if len(title.strip()) < 5:
        errors.setdefault("title", []).append(_("Enter the programme's title."))
    if not 2000 <= year <= 2100:
        errors.setdefault("year", []).append(_("Enter the programme's year."))
    if errors:
        raise ValidationError(errors)
    return save_as(Programme(committee=committee, year=year, title=title.strip(), created_by=by), by)


@dataclass
class TaskInput:
    content: str
    lead_agency: str = ""
    partners: str = ""
    deadline: date | None = None
    output: str = ""
    lead: Membership | None = None


def _check_task(programme: Programme, data: TaskInput) -> None:
    errors: dict[str, list[str]] = {}
    collect_html_errors(
        errors, content=data.content, lead_agency=data.lead_agency, partners=data.partners, output=data.output
    )
    if len(data.content.strip()) < 5:
        errors.setdefault("content", []).append(_("Describe the task."))
    if data.lead is not None and data.lead.committee_id != programme.committee_id:
        errors.setdefault("lead", []).append(_("The lead must be a member of this committee."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_task(*, by, programme: Programme, data: TaskInput) -> Task:
    if programme.status == ProgrammeStatus.ADOPTED:
        # An adopted programme changes only by a new decision: tasks added later would escape the overlap check.
        raise ValidationError(_("The programme is adopted; tasks can no longer be added."))
    _check_task(programme, data)
    number = (programme.tasks.aggregate(n=Max("number"))["n"] or 0) + 1
    return save_as(
        Task(
            programme=programme,
            number=number,
            content=data.content.strip(),
            lead=data.lead,
            lead_agency=data.lead_agency.strip() or (data.lead.agency if data.lead else ""),
            partners=data.partners.strip(),
            deadline=data.deadline,
            output=data.output.strip(),
        ),
        by,
    )


PROGRAMME_COLUMNS = {
    "content": ("Nội dung", "Nội dung công việc", "Nhiệm vụ", "Content", "Task"),
    "lead_agency": ("Chủ trì", "Cơ quan chủ trì", "Đơn vị chủ trì", "Lead agency"),
    "partners": ("Phối hợp", "Cơ quan phối hợp", "Coordinating agencies"),
    "deadline": ("Thời hạn", "Thời gian hoàn thành", "Deadline"),
    "output": ("Sản phẩm", "Kết quả", "Expected output"),
}


def _parse_date(text: str) -> date | None:
    from datetime import datetime

    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def import_tasks(*, by, programme: Programme, name: str, content: bytes) -> int:
    """Tasks from an XLSX/CSV file or the first table of a DOCX: all rows or none, each bad row named.

    The file is read and checked before the write transaction begins: on SQLite a transaction holds the one
    writer's lock from its start, and ballots wait behind it."""
    try:
        rows = tabular.read_table(
            name, content, PROGRAMME_COLUMNS, optional=frozenset({"lead_agency", "partners", "deadline", "output"})
        )
    except tabular.TableError as exc:
        raise ValidationError(str(exc)) from exc
    problems, inputs = [], []
    for row in rows:
        values = row.values
        deadline = _parse_date(values["deadline"]) if values["deadline"] else None
        if values["deadline"] and deadline is None:
            problems.append(
                _("Row %(n)d: the deadline “%(d)s” is not a date (dd/mm/yyyy).")
                % {"n": row.number, "d": values["deadline"]}
            )
            continue
        inputs.append(
            (
                row.number,
                TaskInput(values["content"], values["lead_agency"], values["partners"], deadline, values["output"]),
            )
        )
    for number, data in inputs:
        try:
            _check_task(programme, data)
        except ValidationError as exc:
            problems.append(_("Row %(n)d: %(e)s") % {"n": number, "e": " ".join(exc.messages)})
    if problems:
        raise ValidationError(problems)
    if not inputs:
        raise ValidationError(_("The file has no tasks."))
    with transaction.atomic():
        for _number, data in inputs:
            add_task(by=by, programme=programme, data=data)
    return len(inputs)


@transaction.atomic
def record_progress(*, by, task: Task, progress: int, note: str, evidence=None) -> ProgressUpdate:
    errors: dict[str, list[str]] = {}
    collect_html_errors(errors, note=note)
    if not 0 <= progress <= 100:
        errors.setdefault("progress", []).append(_("Progress is a percentage from 0 to 100."))
    if len(note.strip()) < 3:
        errors.setdefault("note", []).append(_("Say what was done."))
    checked = None
    if evidence is not None:
        try:
            checked = check_upload(evidence)
        except ValidationError as exc:
            errors.setdefault("evidence", []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    update = ProgressUpdate(task=task, progress=progress, note=note.strip(), by=by)
    if checked is not None:
        update.evidence = ContentFile(checked.content, name=checked.name)
        update.evidence_name, update.evidence_type = checked.name, checked.content_type
    update.save()
    task.progress = progress
    task.status = TaskStatus.DONE if progress == 100 else TaskStatus.IN_PROGRESS if progress else TaskStatus.NOT_STARTED
    save_as(task, by)
    return update


# Overlap and adoption ---------------------------------------------------------------------------------------


@transaction.atomic
def check_overlaps(*, by, programme: Programme) -> list[OverlapFlag]:
    """Flag the programme's tasks that look like other committees' tasks, comparing only with the tasks `by` may
    read (selectors.comparable_tasks). Decisions already taken on a pair are kept; pending flags whose pair no
    longer matches go away, among those `by` could compare: flags against tasks `by` may not read were raised by
    someone who may, and stay for them to decide."""
    if by is None:
        # Who runs the check decides what it compares with; a check by no one would compare with nothing and pass.
        raise ValueError("check_overlaps needs the official who runs it")
    tasks = list(programme.tasks.only("id", "content").order_by("number"))
    others = list(comparable_tasks(by, programme).only("id", "content").order_by("id"))
    matches = overlap.find_overlaps([t.content for t in tasks], [o.content for o in others])
    existing = {(f.task_id, f.other_id): f for f in OverlapFlag.objects.filter(task__programme=programme)}
    flags = []
    for match in matches:
        task, other = tasks[match.task], others[match.other]
        flag = existing.get((task.pk, other.pk))
        if flag is None:
            flag = OverlapFlag(task=task, other=other)
        flag.score, flag.shared_phrases = match.score, match.shared
        flags.append(save_as(flag, by))
    stale = overlap_flags(by, programme).filter(decision=FlagDecision.PENDING).exclude(pk__in=[f.pk for f in flags])
    stale.delete()
    programme.overlap_checked_at = timezone.now()
    save_as(programme, by)
    return flags


@transaction.atomic
def decide_flag(*, by, flag: OverlapFlag, decision: str, note: str = "") -> OverlapFlag:
    if decision not in (FlagDecision.CONFIRMED, FlagDecision.DISMISSED):
        raise ValidationError({"decision": [_("Confirm or dismiss the overlap.")]})
    reject_html(note)
    if flag.task.programme.status == ProgrammeStatus.ADOPTED:
        raise ValidationError(_("The programme is adopted; its overlap decisions are final."))
    flag.decision, flag.note = decision, note.strip()[:300]
    flag.decided_by, flag.decided_at = by, timezone.now()
    return save_as(flag, by)


def adopt(*, by, programme: Programme, on: date) -> Programme:
    """Adopt a programme once its tasks have been checked for overlap, now, and every flag decided. The check is
    committed on its own, so that the flags it raises are there to decide when adoption is refused."""
    if programme.status == ProgrammeStatus.ADOPTED:
        raise ValidationError(_("The programme is already adopted."))
    if not programme.tasks.exists():
        raise ValidationError(_("The programme has no tasks."))
    check_overlaps(by=by, programme=programme)
    with transaction.atomic():
        return _adopt_checked(by, Programme.objects.select_for_update().get(pk=programme.pk), on)


def _adopt_checked(by, programme: Programme, on: date) -> Programme:
    pending = OverlapFlag.objects.filter(task__programme=programme, decision=FlagDecision.PENDING).count()
    readable = overlap_flags(by, programme).filter(decision=FlagDecision.PENDING).count()
    problems = []
    if readable:
        problems.append(
            _("%(n)d possible overlap(s) with other committees' programmes wait for a decision.") % {"n": readable}
        )
    # A flag against a task `by` may not read was raised by an official who may (a province official checking a
    # commune's programme against the province's committees). `by` cannot weigh it, and adopting past it would
    # drop the check that official made: adoption waits for them, and the message names no task.
    if pending > readable:
        problems.append(
            _(
                "%(n)d possible overlap(s) with programmes of committees you cannot read wait for a decision by an "
                "official who can read them (the province's steering committee)."
            )
            % {"n": pending - readable}
        )
    if problems:
        raise ValidationError(problems)
    programme.status, programme.adopted_on = ProgrammeStatus.ADOPTED, on
    return save_as(programme, by)


# Guidance documents and their reviews -----------------------------------------------------------------------


@dataclass
class GuidanceInput:
    kind: str
    number: str
    title: str
    issuer: str
    issued_on: date
    interim_every_years: int | None = None  # an interim review (sơ kết) every N years…
    final_after_years: int | None = None  # …and the final review (tổng kết) N years after issue


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def register_guidance(*, by, committee: Committee, data: GuidanceInput) -> Guidance:
    """Register a document and schedule the reviews it requires: interim ones every N years before the final one."""
    errors: dict[str, list[str]] = {}
    collect_html_errors(errors, number=data.number, title=data.title, issuer=data.issuer)
    for key in ("number", "title", "issuer"):
        if len(getattr(data, key).strip()) < 2:
            errors.setdefault(key, []).append(_("This field is required."))
    for key in ("interim_every_years", "final_after_years"):
        value = getattr(data, key)
        if value is not None and not 1 <= value <= 30:
            errors.setdefault(key, []).append(_("Enter a number of years from 1 to 30."))
    if errors:
        raise ValidationError(errors)
    guidance = save_as(
        Guidance(
            committee=committee,
            kind=data.kind,
            number=data.number.strip(),
            title=data.title.strip(),
            issuer=data.issuer.strip(),
            issued_on=data.issued_on,
        ),
        by,
    )
    final = _years_after(data.issued_on, data.final_after_years) if data.final_after_years else None
    if data.interim_every_years:
        years = data.interim_every_years
        while years <= 30:
            due = _years_after(data.issued_on, years)
            if final is not None and due >= final:
                break
            save_as(Review(guidance=guidance, kind=ReviewKind.INTERIM, due_on=due), by)
            if final is None:
                break  # with no final review set, only the next interim one is scheduled
            years += data.interim_every_years
    if final:
        save_as(Review(guidance=guidance, kind=ReviewKind.FINAL, due_on=final), by)
    return guidance


@transaction.atomic
def record_review(*, by, review: Review, held_on: date, report: str) -> Review:
    errors: dict[str, list[str]] = {}
    collect_html_errors(errors, report=report)
    if len(report.strip()) < 3:
        errors.setdefault("report", []).append(_("Name the review's report (its number, or where it is kept)."))
    if held_on < review.guidance.issued_on:
        errors.setdefault("held_on", []).append(_("A review cannot be held before the document was issued."))
    if errors:
        raise ValidationError(errors)
    review.held_on, review.report = held_on, report.strip()
    return save_as(review, by)


# Inspection and supervision of communes ---------------------------------------------------------------------


@transaction.atomic
def create_criteria_set(*, by, committee: Committee, name: str, criteria: list[str]) -> CriteriaSet:
    errors: dict[str, list[str]] = {}
    criteria = [c.strip() for c in criteria if c.strip()]
    collect_html_errors(errors, name=name, criteria="\n".join(criteria))
    if len(name.strip()) < 3:
        errors.setdefault("name", []).append(_("Name the criteria set."))
    if not criteria:
        errors.setdefault("criteria", []).append(_("Write at least one criterion, one per line."))
    if errors:
        raise ValidationError(errors)
    criteria_set = save_as(CriteriaSet(committee=committee, name=name.strip()), by)
    for position, text in enumerate(criteria, 1):
        save_as(Criterion(criteria_set=criteria_set, position=position, text=text[:400]), by)
    return criteria_set


@transaction.atomic
def edit_criteria(*, by, criteria_set: CriteriaSet, criteria: list[str]) -> CriteriaSet:
    """Replace the set's criteria (one per line, in order); inspections already started keep their own copy."""
    criteria = [c.strip()[:400] for c in criteria if c.strip()]
    if not criteria:
        raise ValidationError({"criteria": [_("Write at least one criterion, one per line.")]})
    reject_html("\n".join(criteria))
    existing = list(criteria_set.criteria.all())
    for position, text in enumerate(criteria, 1):
        if position <= len(existing):
            criterion = existing[position - 1]
            if (criterion.text, criterion.position) != (text, position):
                criterion.text, criterion.position = text, position
                save_as(criterion, by)
        else:
            save_as(Criterion(criteria_set=criteria_set, position=position, text=text), by)
    for criterion in existing[len(criteria) :]:
        criterion._history_user = by
        criterion.delete()
    return criteria_set


@transaction.atomic
def plan_inspection(
    *,
    by,
    committee: Committee,
    commune: AdministrativeUnit,
    plan: str,
    scheduled_on: date,
    team: str,
    criteria_set: CriteriaSet,
) -> Inspection:
    errors: dict[str, list[str]] = {}
    collect_html_errors(errors, plan=plan, team=team)
    if commune.level != Level.COMMUNE or not commune.path.startswith(committee.unit_path):
        errors.setdefault("commune", []).append(_("Choose a commune under the committee's unit."))
    if criteria_set.committee_id != committee.pk:
        errors.setdefault("criteria_set", []).append(_("Choose one of the committee's criteria sets."))
    if len(team.strip()) < 3:
        errors.setdefault("team", []).append(_("Say who inspects."))
    if len(plan.strip()) < 3:
        errors.setdefault("plan", []).append(_("Name the plan the inspection belongs to."))
    if errors:
        raise ValidationError(errors)
    return save_as(
        Inspection(
            committee=committee,
            commune=commune,
            plan=plan.strip(),
            scheduled_on=scheduled_on,
            team=team.strip(),
            criteria_set=criteria_set,
        ),
        by,
    )


@transaction.atomic
def start_inspection(*, by, inspection: Inspection) -> Inspection:
    """The checklist is copied from the criteria set as it stands today."""
    if inspection.status != InspectionStatus.PLANNED:
        raise ValidationError(_("This inspection has already started."))
    for criterion in inspection.criteria_set.criteria.all():
        save_as(CheckItem(inspection=inspection, position=criterion.position, criterion=criterion.text), by)
    inspection.status = InspectionStatus.IN_PROGRESS
    return save_as(inspection, by)


@transaction.atomic
def check(*, by, item: CheckItem, result: str, note: str = "") -> CheckItem:
    if item.inspection.status != InspectionStatus.IN_PROGRESS:
        raise ValidationError(_("Only an inspection in progress can be checked."))
    if result not in CheckResult.values:
        raise ValidationError({"result": [_("Choose a result.")]})
    reject_html(note)
    item.result, item.note = result, note.strip()[:500]
    return save_as(item, by)


@transaction.atomic
def recommend(*, by, inspection: Inspection, text: str, due_on: date) -> Recommendation:
    errors: dict[str, list[str]] = {}
    collect_html_errors(errors, text=text)
    if len(text.strip()) < 5:
        errors.setdefault("text", []).append(_("Write the recommendation."))
    if due_on < inspection.scheduled_on:
        errors.setdefault("due_on", []).append(_("The answer cannot be due before the inspection."))
    if errors:
        raise ValidationError(errors)
    return save_as(Recommendation(inspection=inspection, text=text.strip(), due_on=due_on), by)


@transaction.atomic
def conclude(*, by, inspection: Inspection, findings: str, on: date) -> Inspection:
    """Conclude once every criterion has a result and the findings are written."""
    errors: dict[str, list[str]] = {}
    collect_html_errors(errors, findings=findings)
    if inspection.status != InspectionStatus.IN_PROGRESS:
        errors.setdefault("__all__", []).append(_("Only an inspection in progress can be concluded."))
    unchecked = inspection.checklist.filter(result="").count()
    if unchecked:
        errors.setdefault("__all__", []).append(_("%(n)d criteria have no result yet.") % {"n": unchecked})
    if len(findings.strip()) < 5:
        errors.setdefault("findings", []).append(_("Write the findings."))
    if errors:
        raise ValidationError(errors)
    inspection.findings, inspection.concluded_on, inspection.status = findings.strip(), on, InspectionStatus.DONE
    return save_as(inspection, by)


@transaction.atomic
def close_recommendation(*, by, recommendation: Recommendation, response: str, on: date) -> Recommendation:
    errors: dict[str, list[str]] = {}
    collect_html_errors(errors, response=response)
    if len(response.strip()) < 5:
        errors.setdefault("response", []).append(_("Say what the commune did about it."))
    if recommendation.closed_on:
        errors.setdefault("__all__", []).append(_("This recommendation is already closed."))
    if errors:
        raise ValidationError(errors)
    recommendation.response, recommendation.closed_on = response.strip(), on
    return save_as(recommendation, by)


# The annual report ------------------------------------------------------------------------------------------


@dataclass
class ReportInput:
    year: int
    leadership: str = ""
    assessment: str = ""
    directions: str = ""


@transaction.atomic
def request_annual_report(*, by, committee: Committee, data: ReportInput) -> AnnualReport:
    """A new version of the year's report, generated in the background (steering.tasks.generate_annual_report)."""
    errors: dict[str, list[str]] = {}
    collect_html_errors(errors, leadership=data.leadership, assessment=data.assessment, directions=data.directions)
    if not 2023 <= data.year <= timezone.localdate().year:
        errors.setdefault("year", []).append(_("Choose a year from 2023 to this year."))
    if errors:
        raise ValidationError(errors)
    latest = committee.annual_reports.filter(year=data.year).aggregate(n=Max("version"))["n"] or 0
    report = save_as(
        AnnualReport(
            committee=committee,
            year=data.year,
            version=latest + 1,
            leadership=data.leadership.strip(),
            assessment=data.assessment.strip(),
            directions=data.directions.strip(),
            created_by=by,
        ),
        by,
    )
    from steering.tasks import generate_annual_report

    transaction.on_commit(lambda: generate_annual_report.enqueue(report.pk))
    return report


def generate_annual_report(report: AnnualReport) -> AnnualReport:
    """Build the DOCX, telling the row how far it has got; the figures are kept with the version."""
    from steering import annual_report

    def progress(percent: int) -> None:
        AnnualReport.objects.filter(pk=report.pk).update(status=ReportStatus.WORKING, progress=percent)

    try:
        content, figures = annual_report.build(report, progress)
    except Exception as exc:
        AnnualReport.objects.filter(pk=report.pk).update(status=ReportStatus.FAILED, error=str(exc)[:300])
        raise
    report.file.save(f"bao-cao-qcdc-{report.year}-v{report.version}.docx", ContentFile(content), save=False)
    report.figures, report.status, report.progress = figures, ReportStatus.DONE, 100
    report.save(update_fields=["file", "figures", "status", "progress"])
    return report
