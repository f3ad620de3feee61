"""Officials' pages for the Steering Committee: committees and members, programmes, overlap, tasks, boards."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.scoping import Action, can, require, scope, visible_units
from accounts.units import current_unit
from disclosures.portal import file_response
from grassroots.forms import show_errors
from grassroots.history import history_of
from grassroots.http import act
from localities.models import AdministrativeUnit, Level
from steering import documents, scorecards, selectors, services
from steering.forms import (
    CloseRecommendationForm,
    CommitteeForm,
    ConcludeForm,
    CriteriaSetForm,
    EndMembershipForm,
    FlagForm,
    GuidanceForm,
    ImportForm,
    InspectionForm,
    MemberForm,
    ProgrammeForm,
    ProgressForm,
    RecommendationForm,
    ReportForm,
    ReviewForm,
    TaskForm,
)
from steering.models import (
    AnnualReport,
    CheckItem,
    CheckResult,
    Committee,
    CriteriaSet,
    Criterion,
    FlagDecision,
    Inspection,
    Membership,
    Programme,
    ProgressUpdate,
    Recommendation,
    Review,
    Task,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _committee(request, pk, action=Action.VIEW_STEERING) -> Committee:
    committee = get_object_or_404(selectors.committees_for(request.user).select_related("unit"), pk=pk)
    require(request.user, action, committee.unit)
    return committee


def _programme(request, pk, action=Action.VIEW_STEERING) -> Programme:
    programme = get_object_or_404(
        scope(request.user, Programme.objects.select_related("committee__unit"), Action.VIEW_STEERING), pk=pk
    )
    require(request.user, action, programme.committee.unit)
    return programme


def _runnable_units(user):
    units = visible_units(user, Action.RUN_STEERING).filter(is_active=True, level__in=[Level.PROVINCE, Level.COMMUNE])
    return units.order_by("path")


@login_required
def committee_list(request):
    committees = selectors.committees_for(request.user).select_related("unit")
    return render(
        request,
        "steering/committee_list.html",
        {
            "committees": committees[:200],
            "can_run": _runnable_units(request.user).exists(),
            "may_see_dashboard": _dashboard_province(request) is not None,
        },
    )


@login_required
def committee_create(request):
    units = _runnable_units(request.user)
    if not units.exists():
        raise Http404
    form = CommitteeForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            committee = services.create_committee(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            return redirect(reverse("steering:committee", args=[committee.pk]))
    return render(request, "steering/form.html", {"form": form, "title": _("New steering committee")})


def _on(request) -> date:
    try:
        return date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return timezone.localdate()


@login_required
def committee_detail(request, pk):
    committee = _committee(request, pk)
    may_run = can(request.user, Action.RUN_STEERING, committee.unit)
    communes = committee.unit.descendants().filter(level=Level.COMMUNE, is_active=True)
    users = User.objects.filter(role_assignments__unit__path__startswith=committee.unit_path).distinct()
    form = MemberForm(request.POST or None, communes=communes, users=users, initial={"starts_on": timezone.localdate()})
    if request.method == "POST":
        require(request.user, Action.RUN_STEERING, committee.unit)
        if form.is_valid():
            try:
                services.appoint(by=request.user, committee=committee, data=services.MemberInput(**form.cleaned_data))
            except ValidationError as exc:
                show_errors(form, exc)
            else:
                messages.success(request, _("The member is added."))
                return redirect(reverse("steering:committee", args=[pk]))
    on = _on(request)
    today = timezone.localdate()
    # Each row's form has its own prefix: one page, many forms, no two inputs with one id.
    members = list(selectors.members_on(committee, on).prefetch_related("communes"))
    for membership in members:
        membership.end_form = EndMembershipForm(prefix=f"end-{membership.pk}", initial={"ends_on": today})
    guidance = list(committee.guidance.prefetch_related("reviews"))
    for document in guidance:
        for review in document.reviews.all():
            review.form = ReviewForm(prefix=f"review-{review.pk}", initial={"held_on": today})
    return render(
        request,
        "steering/committee_detail.html",
        {
            "committee": committee,
            "on": on,
            "members": members,
            "programmes": committee.programmes.all(),
            "drafts": selectors.conference_drafts(request.user, committee),
            "guidance": guidance,
            "guidance_form": GuidanceForm(prefix="guidance"),
            "inspections": committee.inspections.select_related("commune"),
            "criteria_sets": committee.criteria_sets.all(),
            "criteria_form": CriteriaSetForm(prefix="criteria"),
            "inspection_form": InspectionForm(
                prefix="inspection",
                communes=communes,
                criteria_sets=committee.criteria_sets.all(),
                initial={"scheduled_on": today},
            ),
            "today": today,
            "form": form,
            "programme_form": ProgrammeForm(prefix="programme", initial={"year": today.year}),
            "may_run": may_run,
            "history": history_of(committee, extra=Membership.history.filter(committee_id=committee.pk), limit=30),
        },
    )


@login_required
@require_POST
def end_membership(request, pk, membership_pk):
    committee = _committee(request, pk, Action.RUN_STEERING)
    membership = get_object_or_404(Membership, committee=committee, pk=membership_pk)
    form = EndMembershipForm(request.POST, prefix=f"end-{membership.pk}")
    if not form.is_valid():
        messages.error(request, _("Enter the last day of the membership."))
        return redirect(reverse("steering:committee", args=[pk]))
    return act(
        request,
        reverse("steering:committee", args=[pk]),
        lambda: services.end_membership(by=request.user, membership=membership, **form.cleaned_data),
        _("The membership has ended; it stays in the committee's history."),
    )


@login_required
@require_POST
def guidance_create(request, pk):
    committee = _committee(request, pk, Action.RUN_STEERING)
    form = GuidanceForm(request.POST, prefix="guidance")
    back = reverse("steering:committee", args=[pk]) + "#guidance"
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{form.fields[field].label if field in form.fields else ''}: {' '.join(errors)}")
        return redirect(back)
    return act(
        request,
        back,
        lambda: services.register_guidance(
            by=request.user, committee=committee, data=services.GuidanceInput(**form.cleaned_data)
        ),
        _("The document is registered with the reviews it requires."),
    )


@login_required
@require_POST
def review_record(request, pk, review_pk):
    committee = _committee(request, pk, Action.RUN_STEERING)
    review = get_object_or_404(Review, guidance__committee=committee, pk=review_pk)
    form = ReviewForm(request.POST, prefix=f"review-{review.pk}")
    back = reverse("steering:committee", args=[pk]) + "#guidance"
    if not form.is_valid():
        messages.error(request, _("Enter the day the review was held and its report."))
        return redirect(back)
    return act(
        request,
        back,
        lambda: services.record_review(by=request.user, review=review, **form.cleaned_data),
        _("The review is recorded."),
    )


@login_required
@require_POST
def programme_create(request, pk):
    committee = _committee(request, pk, Action.RUN_STEERING)
    form = ProgrammeForm(request.POST, prefix="programme")
    if form.is_valid():
        try:
            programme = services.create_programme(by=request.user, committee=committee, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            return redirect(reverse("steering:programme", args=[programme.pk]))
    else:
        messages.error(request, _("Enter the programme's year and title."))
    return redirect(reverse("steering:committee", args=[pk]))


@login_required
def programme_detail(request, pk):
    programme = _programme(request, pk)
    committee = programme.committee
    members = selectors.members_on(committee, timezone.localdate())
    form = TaskForm(request.POST or None, members=members)
    if request.method == "POST":
        require(request.user, Action.RUN_STEERING, committee.unit)
        if form.is_valid():
            try:
                services.add_task(by=request.user, programme=programme, data=services.TaskInput(**form.cleaned_data))
            except ValidationError as exc:
                show_errors(form, exc)
            else:
                return redirect(reverse("steering:programme", args=[pk]) + "#tasks")
    return render(
        request,
        "steering/programme_detail.html",
        {
            "programme": programme,
            "committee": committee,
            "tasks": programme.tasks.select_related("lead"),
            # Only flags whose other task the viewer may read; the rest are counted, never shown.
            "flags": selectors.overlap_flags(request.user, programme).select_related(
                "task", "other__programme__committee", "decided_by"
            ),
            "unreadable_pending": selectors.unreadable_flags(request.user, programme)
            .filter(decision=FlagDecision.PENDING)
            .count(),
            "form": form,
            "import_form": ImportForm(),
            "flag_form": FlagForm(),
            "may_run": can(request.user, Action.RUN_STEERING, committee.unit),
            "today": timezone.localdate(),
            "history": history_of(programme, extra=selectors.overlap_flag_history(request.user, programme), limit=30),
        },
    )


@login_required
@require_POST
def programme_import(request, pk):
    programme = _programme(request, pk, Action.RUN_STEERING)
    form = ImportForm(request.POST, request.FILES)
    back = reverse("steering:programme", args=[pk])
    if not form.is_valid():
        messages.error(request, _("Choose the file to import."))
        return redirect(back)
    upload = form.cleaned_data["file"]
    try:
        count = services.import_tasks(by=request.user, programme=programme, name=upload.name, content=upload.read())
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(n)d tasks imported.") % {"n": count})
    return redirect(back)


@login_required
@require_POST
def programme_check(request, pk):
    programme = _programme(request, pk, Action.RUN_STEERING)
    flags = services.check_overlaps(by=request.user, programme=programme)
    messages.info(request, _("%(n)d possible overlap(s) found with other committees' programmes.") % {"n": len(flags)})
    return redirect(reverse("steering:programme", args=[pk]) + "#overlap")


@login_required
@require_POST
def flag_decide(request, pk, flag_pk):
    programme = _programme(request, pk, Action.RUN_STEERING)
    # An official decides only a flag whose both tasks they may read.
    flag = get_object_or_404(selectors.overlap_flags(request.user, programme), pk=flag_pk)
    form = FlagForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Confirm or dismiss the overlap."))
        return redirect(reverse("steering:programme", args=[pk]) + "#overlap")
    return act(
        request,
        reverse("steering:programme", args=[pk]) + "#overlap",
        lambda: services.decide_flag(by=request.user, flag=flag, **form.cleaned_data),
        _("The decision is recorded."),
    )


@login_required
@require_POST
def programme_adopt(request, pk):
    programme = _programme(request, pk, Action.RUN_STEERING)
    return act(
        request,
        reverse("steering:programme", args=[pk]),
        lambda: services.adopt(by=request.user, programme=programme, on=timezone.localdate()),
        _("The programme is adopted. Task leads are reminded before each deadline and when it passes."),
    )


@login_required
def programme_export(request, pk, kind):
    programme = _programme(request, pk)
    if kind not in ("xlsx", "docx"):
        raise Http404
    content, content_type = (
        (documents.programme_xlsx(programme), XLSX) if kind == "xlsx" else (documents.programme_docx(programme), DOCX)
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="chuong-trinh-{programme.year}-{programme.pk}.{kind}"'
    return response


@login_required
def task_detail(request, pk):
    task = get_object_or_404(
        scope(request.user, Task.objects.select_related("programme__committee__unit", "lead"), Action.VIEW_STEERING),
        pk=pk,
    )
    unit = task.programme.committee.unit
    is_lead = task.lead is not None and task.lead.user_id == request.user.pk
    may_update = can(request.user, Action.RUN_STEERING, unit) or is_lead
    form = ProgressForm(request.POST or None, request.FILES or None, initial={"progress": task.progress})
    if request.method == "POST":
        if not may_update:
            raise Http404
        if form.is_valid():
            try:
                services.record_progress(by=request.user, task=task, **form.cleaned_data)
            except ValidationError as exc:
                show_errors(form, exc)
            else:
                messages.success(request, _("Progress recorded."))
                return redirect(reverse("steering:task", args=[pk]))
    return render(
        request,
        "steering/task_detail.html",
        {
            "task": task,
            "updates": task.updates.select_related("by"),
            "form": form,
            "may_update": may_update,
            "today": timezone.localdate(),
            "history": history_of(task, limit=20),
        },
    )


@login_required
def evidence(request, pk):
    update = get_object_or_404(
        ProgressUpdate.objects.select_related("task__programme__committee__unit").exclude(evidence=""), pk=pk
    )
    if not can(request.user, Action.VIEW_STEERING, update.task.programme.committee.unit):
        raise Http404
    return file_response(update.evidence, update.evidence_name, update.evidence_type)


@login_required
def my_tasks(request):
    """The board of the signed-in member: the tasks they lead, overdue first."""
    return render(
        request,
        "steering/board.html",
        {
            "title": _("My tasks"),
            "tasks": selectors.board(Task.objects.filter(lead__user=request.user)),
            "today": timezone.localdate(),
        },
    )


@login_required
def agency_board(request):
    agency = request.GET.get("agency", "").strip()
    tasks = scope(request.user, Task.objects.all(), Action.VIEW_STEERING)
    return render(
        request,
        "steering/board.html",
        {
            "title": _("Tasks led by %(agency)s") % {"agency": agency} if agency else _("Tasks by agency"),
            "tasks": selectors.board(tasks.filter(lead_agency__iexact=agency)) if agency else [],
            "agencies": selectors.agencies(tasks),
            "agency": agency,
            "today": timezone.localdate(),
        },
    )


# Inspections --------------------------------------------------------------------------------------------------


def _inspection(request, pk) -> Inspection:
    return get_object_or_404(
        scope(request.user, Inspection.objects.select_related("committee__unit", "commune"), Action.VIEW_STEERING),
        pk=pk,
    )


@login_required
@require_POST
def criteria_set_create(request, pk):
    committee = _committee(request, pk, Action.RUN_STEERING)
    form = CriteriaSetForm(request.POST, prefix="criteria")
    back = reverse("steering:committee", args=[pk]) + "#inspections"
    if not form.is_valid():
        messages.error(request, _("Name the criteria set and write its criteria, one per line."))
        return redirect(back)
    return act(
        request,
        back,
        lambda: services.create_criteria_set(
            by=request.user,
            committee=committee,
            name=form.cleaned_data["name"],
            criteria=form.cleaned_data["criteria"].splitlines(),
        ),
        _("The criteria set is saved."),
    )


@login_required
def criteria_set_detail(request, pk, set_pk):
    committee = _committee(request, pk)
    criteria_set = get_object_or_404(CriteriaSet, committee=committee, pk=set_pk)
    current = "\n".join(c.text for c in criteria_set.criteria.all())
    form = CriteriaSetForm(request.POST or None, initial={"name": criteria_set.name, "criteria": current})
    if request.method == "POST":
        require(request.user, Action.RUN_STEERING, committee.unit)
        if form.is_valid():
            try:
                services.edit_criteria(
                    by=request.user, criteria_set=criteria_set, criteria=form.cleaned_data["criteria"].splitlines()
                )
            except ValidationError as exc:
                show_errors(form, exc)
            else:
                messages.success(request, _("The criteria set is saved."))
                return redirect(reverse("steering:committee", args=[pk]) + "#inspections")
    return render(
        request,
        "steering/form.html",
        {
            "form": form,
            "title": criteria_set.name,
            "history": history_of(criteria_set, extra=Criterion.history.filter(criteria_set_id=criteria_set.pk)),
        },
    )


@login_required
@require_POST
def inspection_create(request, pk):
    committee = _committee(request, pk, Action.RUN_STEERING)
    form = InspectionForm(
        request.POST,
        prefix="inspection",
        communes=committee.unit.descendants().filter(level=Level.COMMUNE),
        criteria_sets=committee.criteria_sets.all(),
    )
    back = reverse("steering:committee", args=[pk]) + "#inspections"
    if not form.is_valid():
        messages.error(request, _("Choose the commune, the day, the team and the criteria set."))
        return redirect(back)
    try:
        inspection = services.plan_inspection(by=request.user, committee=committee, **form.cleaned_data)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(back)
    return redirect(reverse("steering:inspection", args=[inspection.pk]))


@login_required
def inspection_detail(request, pk):
    inspection = _inspection(request, pk)
    may_run = can(request.user, Action.RUN_STEERING, inspection.committee.unit)
    # The inspected commune reports what it did about a recommendation; the committee runs everything else.
    may_answer = may_run or can(request.user, Action.RUN_STEERING, inspection.commune)
    conclude_form = ConcludeForm(initial={"findings": inspection.findings})
    if request.method == "POST":
        back = reverse("steering:inspection", args=[pk])
        action = request.POST.get("action")
        if not (may_run or (action == "close" and may_answer)):
            raise PermissionDenied
        try:
            if action == "start":
                services.start_inspection(by=request.user, inspection=inspection)
            elif action == "check":
                for item in inspection.checklist.all():
                    if f"result-{item.pk}" not in request.POST:
                        continue
                    result = request.POST[f"result-{item.pk}"]
                    note = request.POST.get(f"note-{item.pk}", item.note)
                    if (result, note) != (item.result, item.note):
                        services.check(by=request.user, item=item, result=result, note=note)
                messages.success(request, _("The checklist is saved."))
            elif action == "recommend":
                form = RecommendationForm(request.POST, prefix="recommendation")
                if not form.is_valid():
                    raise ValidationError(_("Write the recommendation and when the answer is due."))
                services.recommend(by=request.user, inspection=inspection, **form.cleaned_data)
            elif action == "close":
                recommendation = get_object_or_404(Recommendation, inspection=inspection, pk=request.POST.get("id"))
                form = CloseRecommendationForm(request.POST, prefix=f"close-{recommendation.pk}")
                if not form.is_valid():
                    raise ValidationError(_("Say what the commune did about it."))
                services.close_recommendation(
                    by=request.user, recommendation=recommendation, on=timezone.localdate(), **form.cleaned_data
                )
            elif action == "conclude":
                conclude_form = ConcludeForm(request.POST)
                if conclude_form.is_valid():
                    services.conclude(
                        by=request.user, inspection=inspection, on=timezone.localdate(), **conclude_form.cleaned_data
                    )
                    messages.success(request, _("The inspection is concluded."))
                else:
                    raise ValidationError(_("Write the findings."))
            return redirect(back)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect(back)
    recommendations = list(inspection.recommendations.all())
    for recommendation in recommendations:
        recommendation.form = CloseRecommendationForm(prefix=f"close-{recommendation.pk}")
    return render(
        request,
        "steering/inspection.html",
        {
            "inspection": inspection,
            "checklist": inspection.checklist.all(),
            "results": CheckResult.choices,
            "recommendations": recommendations,
            "recommendation_form": RecommendationForm(prefix="recommendation"),
            "conclude_form": conclude_form,
            "may_run": may_run,
            "may_answer": may_answer,
            "today": timezone.localdate(),
            "history": history_of(
                inspection,
                extra=[
                    CheckItem.history.filter(inspection_id=inspection.pk),
                    Recommendation.history.filter(inspection_id=inspection.pk),
                ],
                limit=40,
            ),
        },
    )


# Scorecards ---------------------------------------------------------------------------------------------------


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    return min(max(year, 2023), timezone.localdate().year)  # Law 10/2022 in force from 1 July 2023


def _province(request):
    unit = current_unit(request)
    if unit is None:
        raise Http404
    province = (
        unit if unit.level == Level.PROVINCE else next((u for u in unit.ancestors() if u.level == Level.PROVINCE), None)
    )
    return province


def _dashboard_province(request):
    """The province whose dashboard this official may open, or None (a commune official's: no link to a 404)."""
    try:
        province = _province(request)
    except Http404:
        return None
    return province if province is not None and can(request.user, Action.VIEW_STEERING, province) else None


@login_required
def dashboard(request):
    """The province's communes scored on every registered indicator, ranked, with a chart."""
    province = _dashboard_province(request)
    if province is None:
        raise Http404
    year = _year(request)
    card = scorecards.scorecard(province, year)
    return render(
        request,
        "steering/dashboard.html",
        {
            "card": card,
            "province_line": list(zip(card.indicators, card.province_figures(), strict=True)),
            "years": list(range(timezone.localdate().year, 2022, -1)),
            "bars": [r for r in card.rows if r.score is not None],
        },
    )


@login_required
def commune_scorecard(request, code):
    commune = get_object_or_404(AdministrativeUnit, code=code, level=Level.COMMUNE)
    if not can(request.user, Action.VIEW_STEERING, commune):
        raise Http404
    this_year = timezone.localdate().year
    history = scorecards.commune_history(commune, list(range(this_year - 4, this_year + 1)))
    return render(
        request,
        "steering/commune_scorecard.html",
        {
            "commune": commune,
            "indicators": scorecards.registered(),
            "history": history,
            "may_see_province": can(request.user, Action.VIEW_STEERING, commune.parent),
        },
    )


# The annual report ----------------------------------------------------------------------------------------------


@login_required
def report_create(request, pk):
    committee = _committee(request, pk, Action.RUN_STEERING)
    last = committee.annual_reports.first()
    initial = {"year": timezone.localdate().year}
    if last:
        initial.update(
            year=last.year, leadership=last.leadership, assessment=last.assessment, directions=last.directions
        )
    form = ReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.request_annual_report(
                by=request.user, committee=committee, data=services.ReportInput(**form.cleaned_data)
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            return redirect(reverse("steering:report", args=[report.pk]))
    return render(
        request,
        "steering/form.html",
        {"form": form, "title": _("Annual evaluation report")},
    )


def _report(request, pk) -> AnnualReport:
    report = get_object_or_404(AnnualReport.objects.select_related("committee__unit"), pk=pk)
    require(request.user, Action.VIEW_STEERING, report.committee.unit)
    return report


@login_required
def report_detail(request, pk):
    report = _report(request, pk)
    template = "steering/_report_status.html" if request.htmx else "steering/report.html"
    return render(
        request, template, {"report": report, "versions": report.committee.annual_reports.filter(year=report.year)}
    )


@login_required
def report_download(request, pk):
    report = _report(request, pk)
    if not report.file:
        raise Http404
    return file_response(report.file, f"bao-cao-qcdc-{report.year}-v{report.version}.docx", DOCX)
