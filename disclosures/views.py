"""Officials' pages: publish, correct, withdraw, record channels, answer residents, check compliance."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scoping import Action, can, may_edit_catalogue, require
from accounts.units import current_unit
from disclosures import documents, exporting, services
from disclosures.forms import (
    AnswerForm,
    CatalogueItemForm,
    ChannelForm,
    CorrectionForm,
    EndChannelForm,
    HideForm,
    PublishForm,
    WithdrawForm,
)
from disclosures.models import Attachment, CatalogueItem, ChannelRecord, Disclosure, Question, Status
from disclosures.selectors import (
    PAGE_SIZE,
    commune_compliance,
    disclosures_for,
    province_rollup,
    quarter_register,
    quarters_of,
    questions_for,
    require_change,
    series_versions,
)
from grassroots.forms import show_errors
from grassroots.history import history_of
from grassroots.http import page_number
from localities.models import PATH_END, Level


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _detail_url(pk) -> str:
    return reverse("disclosures:detail", args=[pk])


def _editable(request, pk) -> Disclosure:
    disclosure = get_object_or_404(disclosures_for(request.user).select_related("unit", "catalogue_item"), pk=pk)
    require_change(request.user, disclosure)
    return disclosure


@login_required
def disclosure_list(request):
    unit = current_unit(request)
    disclosures = disclosures_for(request.user).select_related("unit", "catalogue_item")
    if unit is not None:
        disclosures = disclosures.filter(unit_path__gte=unit.path, unit_path__lt=unit.path + PATH_END)
    status = request.GET.get("status", Status.PUBLISHED)
    if status in Status.values:
        disclosures = disclosures.filter(status=status)
    number = page_number(request)
    rows = list(disclosures.order_by("-published_at", "-id")[(number - 1) * PAGE_SIZE : number * PAGE_SIZE + 1])
    pending = questions_for(request.user).filter(status="pending")
    if unit is not None:
        pending = pending.filter(disclosure__unit_path__gte=unit.path, disclosure__unit_path__lt=unit.path + PATH_END)
    return render(
        request,
        "disclosures/disclosure_list.html",
        {
            "unit": unit,
            "rows": rows[:PAGE_SIZE],
            "number": number,
            "has_next": len(rows) > PAGE_SIZE,
            "status": status,
            "statuses": Status.choices,
            "pending_questions": pending.count(),
            "can_publish": unit is not None
            and unit.level != Level.PROVINCE
            and can(request.user, Action.PUBLISH_DISCLOSURES, unit),
        },
    )


@login_required
def disclosure_create(request):
    unit = current_unit(request)
    if unit is None or unit.level == Level.PROVINCE:
        messages.info(request, _("Choose the commune or village that publishes, then try again."))
        return redirect("disclosures:list")
    require(request.user, Action.PUBLISH_DISCLOSURES, unit)
    initial = {"issued_on": timezone.localdate()}
    if request.GET.get("item", "").isdigit():
        initial["catalogue_item"] = request.GET["item"]
    form = PublishForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            now = timezone.now()
            data = form.disclosure_input(form.channels(timezone.localdate(now)))
            disclosure = services.publish_disclosure(by=request.user, unit=unit, data=data, now=now)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("Published. Residents can now read it on the public portal."))
            return redirect("disclosures:detail", pk=disclosure.pk)
    return render(request, "disclosures/form.html", {"form": form, "unit": unit, "title": _("Publish a disclosure")})


@login_required
def disclosure_detail(request, pk):
    disclosure = get_object_or_404(
        disclosures_for(request.user).select_related("unit", "catalogue_item", "created_by"), pk=pk
    )
    can_publish = can(request.user, Action.PUBLISH_DISCLOSURES, disclosure.unit)
    questions = list(Question.objects.filter(disclosure__series_id=disclosure.series_id).select_related("answered_by"))
    history = history_of(
        disclosure,
        extra=[
            ChannelRecord.history.filter(disclosure_id=disclosure.pk),
            Attachment.history.filter(disclosure_id=disclosure.pk),
            Question.history.filter(disclosure_id=disclosure.pk),
        ],
    )
    return render(
        request,
        "disclosures/disclosure_detail.html",
        {
            "disclosure": disclosure,
            "versions": series_versions(disclosure),
            "attachments": list(disclosure.attachments.all()),
            "channels": list(disclosure.channels.all()),
            "questions": questions,
            "can_publish": can_publish and disclosure.is_current,
            # A resident's phone is for the officials who answer (and may call back), not for every reader.
            "may_call_back": can_publish,
            "channel_form": ChannelForm(initial={"started_on": timezone.localdate()}),
            "end_form": EndChannelForm(initial={"ended_on": timezone.localdate()}),
            "answer_form": AnswerForm(),
            "hide_form": HideForm(),
            "history": history,
        },
    )


@login_required
def disclosure_correct(request, pk):
    disclosure = _editable(request, pk)
    if not disclosure.is_current:
        raise Http404
    attachments = list(disclosure.attachments.all())
    initial = {
        "catalogue_item": disclosure.catalogue_item_id,
        "topic": disclosure.topic,
        "title": disclosure.title,
        "document_number": disclosure.document_number,
        "body": disclosure.body,
        "issued_on": disclosure.issued_on,
        "effective_from": disclosure.effective_from,
        "effective_until": disclosure.effective_until,
        "keep_attachments": [str(a.pk) for a in attachments],
    }
    form = CorrectionForm(request.POST or None, request.FILES or None, initial=initial, attachments=attachments)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.correct_disclosure(
                by=request.user,
                disclosure=disclosure,
                data=form.disclosure_input(),
                note=form.cleaned_data["correction_note"],
                keep_attachments=[int(x) for x in form.cleaned_data["keep_attachments"]],
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("The corrected version is published; the old one is marked superseded."))
            return redirect("disclosures:detail", pk=new.pk)
    title = _("Correct: %(title)s") % {"title": disclosure.title}
    return render(request, "disclosures/form.html", {"form": form, "unit": disclosure.unit, "title": title})


def _small_form(request, form, template_title, action, *, back):
    """A one-purpose form (withdraw, answer, hide, channel): run `action` on a valid POST, else show the form."""
    if request.method == "POST" and form.is_valid():
        try:
            action(form)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            return redirect(back)
    return render(request, "disclosures/small_form.html", {"form": form, "title": template_title, "back": back})


@login_required
def disclosure_withdraw(request, pk):
    disclosure = _editable(request, pk)

    def action(form):
        services.withdraw_disclosure(by=request.user, disclosure=disclosure, reason=form.cleaned_data["reason"])
        messages.success(request, _("Withdrawn. The item stays in the history with your reason."))

    title = _("Withdraw: %(title)s") % {"title": disclosure.title}
    return _small_form(request, WithdrawForm(request.POST or None), title, action, back=_detail_url(pk))


@login_required
def channel_add(request, pk):
    disclosure = _editable(request, pk)

    def action(form):
        services.record_channel(by=request.user, disclosure=disclosure, entry=form.channel_input())
        messages.success(request, _("Channel recorded."))

    form = ChannelForm(request.POST or None, request.FILES or None)
    return _small_form(request, form, _("Record a channel"), action, back=_detail_url(pk))


@login_required
def channel_end(request, pk):
    record = get_object_or_404(ChannelRecord.objects.select_related("disclosure__unit"), pk=pk)
    disclosure = _editable(request, record.disclosure_id)

    def action(form):
        services.end_channel(
            by=request.user, record=record, ended_on=form.cleaned_data["ended_on"], photo=form.cleaned_data.get("photo")
        )
        messages.success(request, _("Take-down recorded."))

    form = EndChannelForm(request.POST or None, request.FILES or None)
    return _small_form(request, form, _("Record the take-down"), action, back=_detail_url(disclosure.pk))


def _question_for_change(request, pk) -> Question:
    question = get_object_or_404(questions_for(request.user).select_related("disclosure__unit"), pk=pk)
    require(request.user, Action.PUBLISH_DISCLOSURES, question.disclosure.unit)
    return question


@login_required
@require_POST
def question_answer(request, pk):
    question = _question_for_change(request, pk)

    def action(form):
        services.answer_question(by=request.user, question=question, answer=form.cleaned_data["answer"])
        messages.success(request, _("Answer published with the item."))

    back = _detail_url(question.disclosure_id) + "#questions"
    return _small_form(request, AnswerForm(request.POST), _("Answer the question"), action, back=back)


@login_required
@require_POST
def question_hide(request, pk):
    question = _question_for_change(request, pk)

    def action(form):
        services.hide_question(by=request.user, question=question, reason=form.cleaned_data["reason"])
        messages.success(request, _("Question hidden."))

    back = _detail_url(question.disclosure_id) + "#questions"
    return _small_form(request, HideForm(request.POST), _("Hide the question"), action, back=back)


@login_required
def attachment_file(request, pk):
    """Officials' download of any version's file (the portal serves only what is public)."""
    attachment = get_object_or_404(Attachment.objects.filter(disclosure__in=disclosures_for(request.user)), pk=pk)
    from disclosures.portal import file_response

    return file_response(attachment.file, attachment.name, attachment.content_type)


# Compliance -------------------------------------------------------------------------------------------------


@login_required
def compliance(request):
    unit = current_unit(request)
    if unit is None:
        raise Http404
    require(request.user, Action.VIEW_DISCLOSURES, unit)
    year = _year(request)
    context = {"unit": unit, "year": year, "years": range(timezone.localdate().year, 2022, -1)}
    if unit.level == Level.PROVINCE:
        rollup = province_rollup(unit, year)
        context["rollup"] = rollup
        context["chart"] = exporting.rollup_chart(rollup)
        return render(request, "disclosures/compliance_province.html", context)
    # A village's officials see their commune's standing: the law's duties fall on the commune.
    commune = unit if unit.level == Level.COMMUNE else unit.parent
    context["commune"] = commune
    context["standings"] = commune_compliance(commune, year)
    context["quarters"] = [
        (q, documents.QUARTERS[q], quarter_register(commune, year, q).count()) for q in quarters_of(year)
    ]
    return render(request, "disclosures/compliance_commune.html", context)


def _docx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _paper_year(request) -> int:
    """The year a paper is asked for: one in which the law applied (from 2023), up to this one; never a guess."""
    year = request.GET.get("year", "")
    if not year.isdigit() or not 2023 <= int(year) <= timezone.localdate().year:
        raise Http404
    return int(year)


def _commune_of_request(request):
    unit = current_unit(request)
    if unit is None or unit.level not in (Level.COMMUNE, Level.VILLAGE):
        raise Http404
    require(request.user, Action.VIEW_DISCLOSURES, unit)
    return unit if unit.level == Level.COMMUNE else unit.parent


@login_required
def disclosure_plan_docx(request):
    """The commune's disclosure plan for the year (Law 10/2022 Art. 14 §1)."""
    commune = _commune_of_request(request)
    year = _paper_year(request)
    return _docx(documents.plan_docx(commune, year), f"ke-hoach-cong-khai-{commune.code}-{year}.docx")


@login_required
def council_report_docx(request):
    """The report to the People's Council on the year's disclosure (Law 10/2022 Art. 14 §3)."""
    commune = _commune_of_request(request)
    year = _paper_year(request)
    return _docx(documents.council_report_docx(commune, year), f"bao-cao-cong-khai-{commune.code}-{year}.docx")


@login_required
def quarter_register_docx(request):
    """The quarterly register of what the commune made public (Law 10/2022 Art. 13 §2), to print and post."""
    commune = _commune_of_request(request)
    year, quarter = _paper_year(request), request.GET.get("quarter", "")
    if not quarter.isdigit() or int(quarter) not in quarters_of(year):  # a quarter that has begun
        raise Http404
    content = documents.register_docx(commune, year, int(quarter))
    return _docx(content, f"danh-sach-cong-khai-{commune.code}-{year}-q{quarter}.docx")


@login_required
def compliance_export(request):
    unit = current_unit(request)
    if unit is None or unit.level != Level.PROVINCE:
        raise Http404
    require(request.user, Action.VIEW_DISCLOSURES, unit)
    year = _year(request)
    content = exporting.rollup_xlsx(unit, year, province_rollup(unit, year))
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="cong-khai-{unit.code}-{year}.xlsx"'
    return response


# Catalogue --------------------------------------------------------------------------------------------------


@login_required
def catalogue(request):
    items = CatalogueItem.objects.order_by("-is_active", "topic", "code")
    return render(
        request,
        "disclosures/catalogue.html",
        {"items": items, "can_edit": may_edit_catalogue(request.user)},
    )


@login_required
def catalogue_edit(request, pk=None):
    if not may_edit_catalogue(request.user):
        raise PermissionDenied
    item = get_object_or_404(CatalogueItem, pk=pk) if pk else CatalogueItem()
    form = CatalogueItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k not in ("code", "reason")}
        try:
            if pk:
                services.update_catalogue_item(by=request.user, item=item, reason=form.cleaned_data["reason"], **values)
            else:
                services.create_catalogue_item(by=request.user, code=form.cleaned_data["code"], **values)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("Catalogue saved."))
            return redirect("disclosures:catalogue")
    history = history_of(item) if pk else []
    title = _("Edit mandated item") if pk else _("New mandated item")
    return render(request, "disclosures/catalogue_form.html", {"form": form, "title": title, "history": history})
