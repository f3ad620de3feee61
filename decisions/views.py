"""Officials' pages: prepare a matter, open voting, run the meeting, count, close, send for recognition."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts.scoping import Action, can, require, visible_units
from accounts.units import current_unit
from decisions import documents, presentation, rules, selectors, services
from decisions.forms import (
    AnnulmentForm,
    BallotRoundForm,
    CountForm,
    DocumentsForm,
    MatterForm,
    OnlineChoiceForm,
    RecognitionForm,
    RecognitionSendForm,
    RefusalForm,
    RevoteForm,
)
from decisions.models import VOTED, Matter, MatterStatus, RollEntry, Source
from decisions.presentation import NOT_SENT
from grassroots.forms import show_errors
from grassroots.history import history_of
from grassroots.http import act, form_errors_to_messages, page_number
from grassroots.text import fold
from localities.models import PATH_END, Level

ROLL_PAGE = 50


def _matter(request, pk, action=Action.VIEW_DECISIONS) -> Matter:
    matter = get_object_or_404(selectors.matters_for(request.user).select_related("village"), pk=pk)
    selectors.require_on(request.user, matter, action)
    return matter


def _detail(matter) -> str:
    return reverse("decisions:detail", args=[matter.pk])


@login_required
def matter_list(request):
    unit = current_unit(request)
    matters = selectors.matters_for(request.user).select_related("village")
    if unit is not None:
        matters = matters.filter(unit_path__gte=unit.path, unit_path__lt=unit.path + PATH_END)
    status = request.GET.get("status", "")
    if status in MatterStatus.values:
        matters = matters.filter(status=status)
    number = page_number(request)
    rows = list(matters.order_by("-created_at", "-id")[(number - 1) * 30 : number * 30 + 1])
    return render(
        request,
        "decisions/matter_list.html",
        {
            "unit": unit,
            "rows": rows[:30],
            "number": number,
            "has_next": len(rows) > 30,
            "status": status,
            "statuses": MatterStatus.choices,
            "can_run": bool(_runnable_villages(request.user).exists()),
        },
    )


def _runnable_villages(user):
    return visible_units(user, Action.RUN_DECISIONS).filter(level=Level.VILLAGE, is_active=True).order_by("path")


def _input(cleaned) -> services.MatterInput:
    return services.MatterInput(
        matter_type=cleaned["matter_type"],
        title=cleaned["title"],
        question=cleaned["question"],
        ballot_kind=cleaned["ballot_kind"],
        options=cleaned["options"].splitlines(),
        max_choices=cleaned["max_choices"],
        seats=cleaned["seats"],
        is_secret=cleaned["is_secret"],
        electorate=cleaned["electorate"],
        meeting_at=cleaned["meeting_at"],
        meeting_place=cleaned["meeting_place"],
        notice_given_on=cleaned.get("notice_given_on"),
        online_voting=cleaned["online_voting"],
    )


@login_required
def matter_create(request):
    villages = _runnable_villages(request.user)
    if not villages.exists():
        raise Http404
    unit = current_unit(request)
    initial = {"online_voting": False}
    if unit is not None and unit.level == Level.VILLAGE:
        initial["village"] = unit.pk
    form = MatterForm(request.POST or None, villages=villages, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            matter = services.create_matter(
                by=request.user, village=form.cleaned_data["village"], data=_input(form.cleaned_data)
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("The matter is ready. Check it, then open voting."))
            return redirect(_detail(matter))
    return render(request, "decisions/matter_form.html", {"form": form})


def _overview(request, matter) -> dict:
    rows, valid, invalid = selectors.option_counts(matter)
    result, record_problems = selectors.shown_result(matter)
    return {
        "record_problems": record_problems,
        "matter": matter,
        "turnout": selectors.turnout(matter) if matter.status != MatterStatus.DRAFT else None,
        "options": rows,
        "valid": sum(valid.values()),
        "invalid": sum(invalid.values()),
        "counts_shown": matter.counts_shown and not record_problems,
        "result": result,
        **presentation.explain(matter, result),
        # An agree/disagree question elects nobody: its result says adopted or not.
        "winners": [
            o.label
            for o in matter.options.all()
            if o.key in result.get("winners", []) and matter.ballot_kind != "yes_no"
        ],
    }


@login_required
def matter_detail(request, pk):
    matter = _matter(request, pk)
    context = _overview(request, matter)
    if request.htmx and request.GET.get("part") == "turnout":
        return render(request, "decisions/_live.html", context)
    may_run = selectors.runs(request.user, matter)
    context.update(
        {
            "may_run": may_run,
            "may_recognise": (action := services.recognising_action(matter)) is not None
            and can(request.user, action, matter.village),
            "may_annul": can(request.user, Action.RECOGNISE_DECISIONS, matter.village),
            "needs_recognition": services.needs_recognition(matter),
            "send_due_on": services.send_due_on(matter),
            "send_article": rules.SEND_ARTICLE,
            "refusal_form": RefusalForm(initial={"refused_on": timezone.localdate()}),
            "annulment_form": AnnulmentForm(initial={"annulled_on": timezone.localdate()}),
            "conflicts": selectors.conflicts(matter)[:50],
            "recognition": getattr(matter, "recognition", None),
            "send_form": RecognitionSendForm(initial={"sent_on": timezone.localdate()}),
            "recognise_form": RecognitionForm(initial={"recognised_on": timezone.localdate()}),
            "history": history_of(matter, limit=30),
            "documents": list(matter.documents.all()),
            "documents_form": DocumentsForm(),
            "any_drawn": matter.slips.exclude(drawn_at=None).exists(),
            "round_form": BallotRoundForm(initial={"announced_on": timezone.localdate()}),
            "revote_form": RevoteForm(),
            **selectors.ballot_round_state(matter, context["turnout"]),
        }
    )
    return render(request, "decisions/matter_detail.html", context)


def _act(request, matter, action, success_message):
    return act(request, _detail(matter), action, success_message)


def _posted(request, matter, form_class, service, success_message, go_to=None):
    """A form posted from the matter's page: its errors as messages, or `service` called with its data; the page of
    `go_to(result)` (the matter's by default) then shows the refusal or `success_message` (or its `(result)`)."""
    form = form_class(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect(_detail(matter))
    try:
        result = service(by=request.user, matter=matter, **form.cleaned_data)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(_detail(matter))
    messages.success(request, success_message(result) if callable(success_message) else success_message)
    return redirect(go_to(result) if go_to else _detail(matter))


@login_required
@require_POST
def add_documents(request, pk):
    matter = _matter(request, pk, Action.RUN_DECISIONS)
    form = DocumentsForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the files to add."))
        return redirect(_detail(matter))
    return _act(
        request,
        matter,
        lambda: services.attach_documents(by=request.user, matter=matter, files=form.cleaned_data["files"]),
        _("The documents are added; residents see them on the public bulletin."),
    )


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def counting_team(request, pk):
    """Name a secret ballot's counting team and show each member's link to draw their slip, once, to hand out."""
    matter = _matter(request, pk, Action.RUN_DECISIONS)
    if request.method != "POST":  # the links were shown once; the matter's page says who has drawn
        return redirect(_detail(matter))
    names = [name for name in request.POST.get("team", "").splitlines() if name.strip()]
    try:
        links = services.prepare_counting_team(by=request.user, matter=matter, names=names)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_detail(matter))
    matter.refresh_from_db()
    links = [(link, documents.qr_svg(link.url)) for link in links]
    return render(request, "decisions/counting_team.html", {"matter": matter, "links": links})


@login_required
@require_POST
def online_choice(request, pk):
    matter = _matter(request, pk, Action.RUN_DECISIONS)
    return _posted(
        request,
        matter,
        OnlineChoiceForm,
        services.record_online_choice,
        _("The households' choice of online voting is recorded."),
    )


@login_required
@require_POST
def matter_open(request, pk):
    matter = _matter(request, pk, Action.RUN_DECISIONS)
    return _act(
        request,
        matter,
        lambda: services.open_voting(by=request.user, matter=matter),
        _("Voting is open. The voters' roll is frozen and every household has its code."),
    )


@login_required
@require_POST
def matter_close(request, pk):
    matter = _matter(request, pk, Action.RUN_DECISIONS)
    return _act(
        request,
        matter,
        lambda: services.close_voting(by=request.user, matter=matter, shares=request.POST.getlist("share")),
        _("Voting is closed and the result recorded."),
    )


@login_required
@require_POST
def ballot_round(request, pk):
    matter = _matter(request, pk, Action.RUN_DECISIONS)
    return _posted(
        request,
        matter,
        BallotRoundForm,
        partial(services.start_ballot_round, shares=request.POST.getlist("share")),
        lambda held: (
            _("The meeting's vote is closed. Every household answers on a sheet: open this vote.")
            if held.matter_id != matter.pk
            else _("The household ballot round is recorded.")
        ),
        go_to=lambda held: _detail(held.matter),
    )


@login_required
@require_POST
def matter_revote(request, pk):
    matter = _matter(request, pk, Action.RUN_DECISIONS)
    return _posted(
        request,
        matter,
        RevoteForm,
        services.start_revote,
        _("A new round has been prepared. Check it, then open voting."),
        go_to=_detail,
    )


@login_required
def roll(request, pk):
    """The frozen roll: search by name or household code; check in at the meeting; register sheets."""
    matter = _matter(request, pk)
    entries = RollEntry.objects.filter(matter=matter)
    query = request.GET.get("q", "").strip()
    if query:
        folded = fold(query)
        matches = [
            e.pk
            for e in entries.only("pk", "name", "household_code", "address")
            if folded in fold(f"{e.name} {e.household_code} {e.address}")
        ]
        entries = entries.filter(pk__in=matches)
    number = page_number(request)
    rows = list(entries.order_by("position")[(number - 1) * ROLL_PAGE : number * ROLL_PAGE + 1])
    context = {
        "matter": matter,
        "rows": selectors.with_reveals(rows[:ROLL_PAGE]),
        "query": query,
        "number": number,
        "has_next": len(rows) > ROLL_PAGE,
        "may_run": selectors.runs(request.user, matter),
        "turnout": selectors.turnout(matter),
    }
    template = "decisions/_roll_rows.html" if request.htmx else "decisions/roll.html"
    return render(request, template, context)


def _entry(request, pk, entry_pk) -> RollEntry:
    matter = _matter(request, pk, Action.RUN_DECISIONS)
    entry = get_object_or_404(RollEntry.objects.select_related("matter"), matter=matter, pk=entry_pk)
    return entry


def _row(request, entry, note="", error=""):
    entry.refresh_from_db()
    selectors.with_reveals([entry])
    return render(
        request,
        "decisions/_roll_row.html",
        {"e": entry, "matter": entry.matter, "may_run": True, "note": note, "error": error},
    )


@login_required
@require_POST
def check_in(request, pk, entry_pk):
    entry = _entry(request, pk, entry_pk)
    try:
        result = services.check_in(by=request.user, entry=entry)
    except ValidationError as exc:
        return _row(request, entry, error=" ".join(exc.messages))
    if result.votes_here:
        note = _("Checked in: votes at the meeting.")
    else:
        note = _("Present, but has already voted (%(way)s): gets no ballot at the meeting.") % {
            "way": result.entry.get_voted_via_display()
        }
    return _row(request, entry, note=note)


@login_required
@require_POST
def sheet_returned(request, pk, entry_pk):
    entry = _entry(request, pk, entry_pk)
    try:
        taken = services.return_sheet(by=request.user, entry=entry)
    except ValidationError as exc:
        return _row(request, entry, error=" ".join(exc.messages))
    if taken:
        return _row(request, entry, note=_("Sheet returned."))
    entry.refresh_from_db()
    return _row(
        request,
        entry,
        error=_("This household has already voted (%(way)s): set the sheet aside, it is not counted.")
        % {"way": entry.get_voted_via_display()},
    )


@login_required
@require_POST
def sheet_entered(request, pk, entry_pk):
    entry = _entry(request, pk, entry_pk)
    choices = None if request.POST.get("invalid") else request.POST.getlist("choice")
    try:
        services.enter_sheet_ballot(by=request.user, entry=entry, choices=choices)
    except ValidationError as exc:
        return _row(request, entry, error=" ".join(exc.messages))
    return _row(request, entry, note=_("Sheet entered."))


@login_required
def sheets(request, pk):
    """Ballot sheets as a PDF, one household per page with its code and QR code. Printing issues them."""
    matter = _matter(request, pk, Action.RUN_DECISIONS)
    if matter.status != MatterStatus.OPEN:
        messages.error(request, _("Open voting first: the codes are made when the roll is frozen."))
        return redirect(_detail(matter))
    if request.method == "POST":
        before = RollEntry.objects.filter(matter=matter, sheet_issued=False, voted_via="").count()
        try:
            issued = services.issue_sheets(by=request.user, matter=matter)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(_detail(matter))
        if issued < before:
            messages.warning(
                request,
                _("%(n)s households' entries were changed outside the system and get no sheet: run the ledger check.")
                % {"n": before - issued},
            )
    entries = RollEntry.objects.filter(matter=matter, sheet_issued=True).order_by("position")
    one = request.GET.get("entry", "")
    if one:
        if not (one.isdecimal() and len(one) < 19):
            raise Http404
        # One household's code: to vote online with, where the matter is voted online (the printing is recorded);
        # otherwise only a sheet that was issued in the ballot round, printed again.
        entries = RollEntry.objects.filter(matter=matter, pk=int(one))
        if not matter.online_voting:
            entries = entries.filter(sheet_issued=True)
        if not entries.exists():
            raise Http404
    try:
        sheets = services.reveal_codes(by=request.user, matter=matter, entries=entries)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_detail(matter))
    pdf = documents.ballot_sheets_pdf(matter, sheets)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="phieu-{matter.pk}.pdf"'
    return response


@login_required
def enter_count(request, pk, source):
    matter = _matter(request, pk, Action.RUN_DECISIONS)
    if source not in (Source.MEETING, Source.SHEET):
        raise Http404
    form = CountForm(request.POST or None, matter=matter, source=source)
    if request.method == "POST" and form.is_valid():
        count = services.EnteredCount(
            source=source,
            votes=form.votes(),
            invalid=form.cleaned_data["invalid"],
            valid=form.cleaned_data.get("valid"),
            returned=form.cleaned_data.get("returned"),
        )
        try:
            services.enter_count(by=request.user, matter=matter, count=count)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("The count is recorded in the ledger."))
            return redirect(_detail(matter))
    return render(
        request,
        "decisions/count_form.html",
        {"matter": matter, "form": form, "source": source, "source_label": Source(source).label},
    )


@login_required
def minutes(request, pk):
    matter = _matter(request, pk)
    if matter.status not in VOTED:
        raise Http404
    if selectors.shown_result(matter)[1]:
        messages.error(request, _("The record of this vote does not match its ledger: no minutes can be made from it."))
        return redirect(_detail(matter))
    content = documents.minutes_docx(matter)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f'attachment; filename="bien-ban-{matter.pk}.docx"'
    return response


@login_required
@require_POST
def send_for_recognition(request, pk):
    matter = _matter(request, pk, Action.RUN_DECISIONS)
    form = RecognitionSendForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the date the minutes were sent."))
        return redirect(_detail(matter))
    return _act(
        request,
        matter,
        lambda: services.send_for_recognition(by=request.user, matter=matter, sent_on=form.cleaned_data["sent_on"]),
        _("The decision is sent to the commune."),
    )


def _recognising(request, pk) -> Matter:
    """The matter, for the body that recognises it (Law 10/2022 Art. 21 §2); 403 for anyone else. A result in effect
    from the vote day has none: the commune People's Committee is answered by the service, which says so."""
    matter = _matter(request, pk)
    require(request.user, services.recognising_action(matter) or Action.RECOGNISE_DECISIONS, matter.village)
    return matter


@login_required
@require_POST
def refuse(request, pk):
    matter = _recognising(request, pk)
    return _posted(
        request, matter, RefusalForm, services.refuse_recognition, _("The refusal and its reasons are recorded.")
    )


@login_required
@require_POST
def annul(request, pk):
    matter = _matter(request, pk, Action.RECOGNISE_DECISIONS)
    return _posted(
        request,
        matter,
        AnnulmentForm,
        services.annul,
        _("The decision is annulled; the annulment is published and the village head and the Front are told."),
    )


@login_required
@require_POST
def recognise(request, pk):
    matter = _recognising(request, pk)
    form = RecognitionForm(request.POST)
    if not hasattr(matter, "recognition"):
        messages.error(request, str(NOT_SENT))
        return redirect(_detail(matter))
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect(_detail(matter))
    return _act(
        request,
        matter,
        lambda: services.recognise(by=request.user, matter=matter, **form.cleaned_data),
        _("The result is recognised and published on the disclosure portal."),
    )
