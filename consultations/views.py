"""Officials' pages: prepare and publish a draft, enter opinions, group and answer them, versions, conferences."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scoping import Action, can, require, visible_units
from accounts.units import current_unit
from consultations import documents, drafts, selectors, services
from consultations.forms import (
    AnswerForm,
    ConferenceForm,
    ConferenceOpinionForm,
    ConsultationForm,
    DelegateForm,
    EnterOpinionsForm,
    PeriodForm,
    ReasonForm,
)
from consultations.models import (
    Answer,
    Audience,
    Conference,
    Consultation,
    DraftVersion,
    Opinion,
    OpinionGroup,
    Status,
    Subject,
)
from grassroots.forms import show_errors
from grassroots.history import history_of
from grassroots.http import act, form_errors_to_messages, page_number
from localities.models import PATH_END

PAGE = 20


def _consultation(request, pk, action=Action.VIEW_CONSULTATIONS) -> Consultation:
    consultation = get_object_or_404(selectors.consultations_for(request.user).select_related("unit"), pk=pk)
    require(request.user, action, consultation.unit)
    return consultation


def _detail(consultation) -> str:
    return reverse("consultations:detail", args=[consultation.pk])


def _answers(consultation) -> str:
    return reverse("consultations:answers", args=[consultation.pk])


def _runnable_units(user):
    return visible_units(user, Action.RUN_CONSULTATIONS).filter(is_active=True).order_by("path")


@login_required
def consultation_list(request):
    unit = current_unit(request)
    rows = selectors.consultations_for(request.user).select_related("unit")
    if unit is not None:
        rows = rows.filter(unit_path__gte=unit.path, unit_path__lt=unit.path + PATH_END)
    status = request.GET.get("status", "")
    if status in Status.values:
        rows = rows.filter(status=status)
    number = page_number(request)
    page = list(rows[(number - 1) * PAGE : number * PAGE + 1])
    return render(
        request,
        "consultations/list.html",
        {
            "unit": unit,
            "rows": page[:PAGE],
            "number": number,
            "has_next": len(page) > PAGE,
            "status": status,
            "statuses": Status.choices,
            "can_run": _runnable_units(request.user).exists(),
        },
    )


@login_required
def consultation_create(request):
    units = _runnable_units(request.user)
    if not units.exists():
        raise Http404
    unit = current_unit(request)
    today = timezone.localdate()
    initial = {"opens_on": today, "closes_on": today + timezone.timedelta(days=30), "audience": "residents"}
    if unit is not None and units.filter(pk=unit.pk).exists():
        initial["unit"] = unit.pk
    # A link may preset the draft's kind and unit (the steering committee's "put a draft report to a conference").
    for key, values in (("subject", Subject.values), ("audience", Audience.values)):
        if request.GET.get(key) in values:
            initial[key] = request.GET[key]
    try:
        preset_unit = int(request.GET.get("unit", ""))
    except ValueError:  # absent, or not a number ("²" passes isdigit() but not int())
        preset_unit = None
    if preset_unit is not None and units.filter(pk=preset_unit).exists():
        initial["unit"] = preset_unit
    form = ConsultationForm(request.POST or None, request.FILES or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            upload = data.get("draft_file")
            sections = (
                drafts.sections_from_docx(upload.read()) if upload else drafts.sections_from_text(data["draft_text"])
            )
            consultation = services.create_consultation(
                by=request.user,
                unit=data["unit"],
                data=services.ConsultationInput(
                    title=data["title"],
                    subject=data["subject"],
                    summary=data["summary"],
                    audience=data["audience"],
                    audience_note=data["audience_note"],
                    opens_on=data["opens_on"],
                    closes_on=data["closes_on"],
                ),
                sections=sections,
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(
                request, _("The draft is saved with %(n)d sections. Check it, then publish it.") % {"n": len(sections)}
            )
            return redirect(_detail(consultation))
    return render(request, "consultations/form.html", {"form": form, "title": _("New consultation")})


@login_required
def consultation_detail(request, pk):
    consultation = _consultation(request, pk)
    version = services.current_version(consultation)
    return render(
        request,
        "consultations/detail.html",
        {
            "consultation": consultation,
            "may_run": can(request.user, Action.RUN_CONSULTATIONS, consultation.unit),
            "counts": selectors.counts(consultation),
            "version": version,
            "sections": selectors.sections_of(version),
            "versions": list(consultation.versions.all()),
            "conferences": list(consultation.conferences.all()),
            "history": history_of(
                consultation, extra=[DraftVersion.history.filter(consultation=consultation)], limit=30
            ),
        },
    )


@login_required
@require_POST
def consultation_publish(request, pk):
    consultation = _consultation(request, pk, Action.RUN_CONSULTATIONS)
    return act(
        request,
        _detail(consultation),
        lambda: services.publish(by=request.user, consultation=consultation),
        _("The draft is published: residents can read it and give opinions on the public page."),
    )


@login_required
@require_POST
def consultation_period(request, pk):
    consultation = _consultation(request, pk, Action.RUN_CONSULTATIONS)
    form = PeriodForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect(_detail(consultation))
    return act(
        request,
        _detail(consultation),
        lambda: services.change_period(by=request.user, consultation=consultation, **form.cleaned_data),
        _("The period is changed."),
    )


@login_required
@require_POST
def consultation_stop(request, pk):
    consultation = _consultation(request, pk, Action.RUN_CONSULTATIONS)
    return act(
        request,
        _detail(consultation),
        lambda: services.stop_taking_opinions(by=request.user, consultation=consultation),
        _("No more online opinions are taken. Answer the opinions, then close."),
    )


@login_required
@require_POST
def consultation_close(request, pk):
    consultation = _consultation(request, pk, Action.RUN_CONSULTATIONS)
    return act(
        request,
        _detail(consultation),
        lambda: services.close_consultation(by=request.user, consultation=consultation),
        _("The consultation is closed. Every opinion has its answer and the final text is published."),
    )


@login_required
@require_POST
def issue_version(request, pk):
    consultation = _consultation(request, pk, Action.RUN_CONSULTATIONS)
    try:
        version = services.issue_version(by=request.user, consultation=consultation, note=request.POST.get("note", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_detail(consultation))
    if version is None:
        messages.info(request, _("No absorbed opinion changes the text yet."))
        return redirect(_detail(consultation))
    messages.success(request, _("Version %(n)d is issued.") % {"n": version.number})
    return redirect(reverse("consultations:version", args=[consultation.pk, version.number]))


@login_required
def version_changes(request, pk, number):
    consultation = _consultation(request, pk)
    version = get_object_or_404(DraftVersion, consultation=consultation, number=number)
    return render(
        request,
        "consultations/version.html",
        {"consultation": consultation, "version": version, "changes": selectors.changes(version)},
    )


# Opinions -----------------------------------------------------------------------------------------------------


@login_required
def enter_opinions(request, pk):
    consultation = _consultation(request, pk, Action.RUN_CONSULTATIONS)
    form = EnterOpinionsForm(request.POST or None, headings=selectors.section_headings(consultation))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entered = services.enter_opinions(
                by=request.user,
                consultation=consultation,
                channel=data["channel"],
                source=data["source"],
                author=data["author"],
                section_key=data["section_key"],
                texts=data["texts"].splitlines(),
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("%(n)d opinion(s) entered.") % {"n": len(entered)})
            return redirect(_answers(consultation))
    return render(
        request,
        "consultations/form.html",
        {"form": form, "consultation": consultation, "title": _("Enter opinions from a meeting or paper forms")},
    )


@login_required
def answers(request, pk):
    """The answering desk: groups biggest first, each with its key phrases, first opinions and answer."""
    consultation = _consultation(request, pk)
    answer = request.GET.get("answer", "")
    query = request.GET.get("q", "").strip()[:100]
    number = page_number(request)
    groups, has_next = selectors.groups_page(
        consultation, offset=(number - 1) * PAGE, limit=PAGE, answer=answer, query=query
    )
    return render(
        request,
        "consultations/answers.html",
        {
            "consultation": consultation,
            "may_run": can(request.user, Action.RUN_CONSULTATIONS, consultation.unit),
            "counts": selectors.counts(consultation),
            "groups": groups,
            "ungrouped": selectors.ungrouped(consultation, query=query),
            "headings": selectors.section_headings(consultation),
            "answer": answer,
            "query": query,
            "answers": Answer.choices,
            "number": number,
            "has_next": has_next,
        },
    )


@login_required
@require_POST
def group_now(request, pk):
    consultation = _consultation(request, pk, Action.RUN_CONSULTATIONS)
    placed = services.group_new_opinions(consultation=consultation, by=request.user)
    messages.success(request, _("%(n)d opinion(s) put into groups.") % {"n": placed})
    return redirect(_answers(consultation))


def _group(request, pk, group_pk, action=Action.VIEW_CONSULTATIONS):
    consultation = _consultation(request, pk, action)
    return consultation, get_object_or_404(OpinionGroup, consultation=consultation, pk=group_pk)


@login_required
def group_detail(request, pk, group_pk):
    consultation, group = _group(request, pk, group_pk)
    headings = selectors.section_headings(consultation)
    if request.htmx and request.GET.get("part") == "pending":
        key = request.GET.get("section_key", "")
        return HttpResponse(services.pending_text(consultation, key) if key in headings else "")
    form = AnswerForm(request.POST or None, headings=headings, initial=_answer_initial(consultation, group))
    if request.method == "POST":
        require(request.user, Action.RUN_CONSULTATIONS, consultation.unit)
        if form.is_valid():
            try:
                services.answer_group(by=request.user, group=group, **form.cleaned_data)
            except ValidationError as exc:
                show_errors(form, exc)
            else:
                messages.success(request, _("The answer is saved for every opinion in the group."))
                return redirect(_answers(consultation))
    opinions = list(group.opinions.order_by("id")[:500])
    for opinion in opinions:
        opinion.section_heading = headings.get(opinion.section_key, "")
    return render(
        request,
        "consultations/group.html",
        {
            "consultation": consultation,
            "group": group,
            "opinions": opinions,
            "form": form,
            "headings": headings,
            "may_run": can(request.user, Action.RUN_CONSULTATIONS, consultation.unit),
            "other_groups": OpinionGroup.objects.filter(consultation=consultation)
            .exclude(pk=group.pk)
            .order_by("id")[:200],
            "hide_form": ReasonForm(),
            "history": history_of(group, extra=Opinion.history.filter(group_id=group.pk), limit=30),
        },
    )


def _answer_initial(consultation, group) -> dict:
    if group.answer != Answer.PENDING:
        return {
            "answer": group.answer,
            "text": group.answer_text,
            "section_key": group.section_key,
            "revised_text": group.revised_text,
        }
    # Start from the section most of the group's opinions are about, as pending revisions leave it.
    keys = [k for k in group.opinions.values_list("section_key", flat=True) if k]
    key = max(set(keys), key=keys.count) if keys else ""
    return {"section_key": key, "revised_text": services.pending_text(consultation, key) if key else ""}


@login_required
@require_POST
def answer_opinion(request, pk, opinion_pk):
    """An opinion not grouped yet: give it a group of its own and go answer it."""
    consultation = _consultation(request, pk, Action.RUN_CONSULTATIONS)
    opinion = get_object_or_404(Opinion, consultation=consultation, pk=opinion_pk)
    group = services.group_of(by=request.user, opinion=opinion)
    return redirect(reverse("consultations:group", args=[consultation.pk, group.pk]))


@login_required
@require_POST
def merge(request, pk, group_pk):
    consultation, group = _group(request, pk, group_pk, Action.RUN_CONSULTATIONS)
    others = list(OpinionGroup.objects.filter(consultation=consultation, pk__in=request.POST.getlist("others")))
    if not others:
        messages.error(request, _("Choose the groups to merge into this one."))
        return redirect(reverse("consultations:group", args=[pk, group.pk]))
    return act(
        request,
        reverse("consultations:group", args=[pk, group.pk]),
        lambda: services.merge_groups(by=request.user, target=group, others=others),
        _("The groups are merged; this group's answer covers their opinions."),
    )


@login_required
@require_POST
def split(request, pk, group_pk):
    consultation, group = _group(request, pk, group_pk, Action.RUN_CONSULTATIONS)
    chosen = list(group.opinions.filter(pk__in=request.POST.getlist("opinions")))
    try:
        new = services.split_off(by=request.user, opinions=chosen)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(reverse("consultations:group", args=[pk, group.pk]))
    messages.success(request, _("%(n)d opinion(s) taken out into a new group.") % {"n": len(chosen)})
    return redirect(reverse("consultations:group", args=[pk, new.pk]))


@login_required
@require_POST
def move(request, pk, opinion_pk):
    consultation = _consultation(request, pk, Action.RUN_CONSULTATIONS)
    opinion = get_object_or_404(Opinion, consultation=consultation, pk=opinion_pk)
    target = OpinionGroup.objects.filter(consultation=consultation, pk=request.POST.get("group") or 0).first()
    if target is None:
        messages.error(request, _("Choose the group to move the opinion to."))
        return redirect(_answers(consultation))
    return act(
        request,
        reverse("consultations:group", args=[pk, target.pk]),
        lambda: services.move_opinion(by=request.user, opinion=opinion, group=target),
        _("The opinion is moved."),
    )


@login_required
@require_POST
def hide(request, pk, opinion_pk):
    consultation = _consultation(request, pk, Action.RUN_CONSULTATIONS)
    opinion = get_object_or_404(Opinion, consultation=consultation, pk=opinion_pk)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = _answers(consultation)
    if "show" in request.POST:
        return act(request, back, lambda: services.show_opinion(by=request.user, opinion=opinion), _("Shown again."))
    return act(
        request,
        back,
        lambda: services.hide_opinion(by=request.user, opinion=opinion, reason=request.POST.get("reason", "")),
        _("The opinion is hidden; residents see the reason."),
    )


@login_required
def report(request, pk):
    consultation = _consultation(request, pk)
    response = HttpResponse(
        documents.synthesis_report(consultation),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="bao-cao-tong-hop-y-kien-{consultation.pk}.docx"'
    return response


# Conferences --------------------------------------------------------------------------------------------------


@login_required
def conference_create(request, pk):
    consultation = _consultation(request, pk, Action.RUN_CONSULTATIONS)
    form = ConferenceForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            conference = services.record_conference(
                by=request.user, consultation=consultation, data=services.ConferenceInput(**form.cleaned_data)
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            return redirect(reverse("consultations:conference", args=[pk, conference.pk]))
    return render(
        request,
        "consultations/form.html",
        {"form": form, "consultation": consultation, "title": _("Record a conference")},
    )


@login_required
def conference_detail(request, pk, conference_pk):
    consultation = _consultation(request, pk)
    conference = get_object_or_404(Conference, consultation=consultation, pk=conference_pk)
    delegates = conference.delegates.all()
    headings = selectors.section_headings(consultation)
    form = ConferenceOpinionForm(None, delegates=delegates, headings=headings)
    delegate_form = DelegateForm(prefix="delegate")
    if request.method == "POST":
        require(request.user, Action.RUN_CONSULTATIONS, consultation.unit)
        back = reverse("consultations:conference", args=[pk, conference.pk])
        try:
            if "attendance" in request.POST:
                present = {int(x) for x in request.POST.getlist("present") if x.isdigit()}
                services.record_attendance(by=request.user, conference=conference, present=present)
                messages.success(request, _("Attendance saved."))
                return redirect(back)
            if "delegate-name" in request.POST:
                delegate_form = DelegateForm(request.POST, prefix="delegate")
                form = delegate_form  # a service's errors show on the form that was sent
                if delegate_form.is_valid():
                    services.add_delegate(by=request.user, conference=conference, **delegate_form.cleaned_data)
                    return redirect(back)
            else:
                form = ConferenceOpinionForm(request.POST, delegates=delegates, headings=headings)
                if form.is_valid():
                    services.conference_opinion(by=request.user, **form.cleaned_data)
                    messages.success(request, _("The opinion is recorded."))
                    return redirect(back + "#y-kien")
        except ValidationError as exc:
            show_errors(form, exc)
    return render(
        request,
        "consultations/conference.html",
        {
            "consultation": consultation,
            "conference": conference,
            "delegates": delegates,
            "opinions": list(conference.opinions.select_related("delegate", "group", "group__applied_in")),
            "headings": headings,
            "form": form,
            "delegate_form": delegate_form,
            "may_run": can(request.user, Action.RUN_CONSULTATIONS, consultation.unit)
            and consultation.status in (Status.OPEN, Status.ANSWERING),
        },
    )
