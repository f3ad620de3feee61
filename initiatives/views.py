"""Officials' pages: register an initiative, print each household's slip, type in signed papers, follow the count."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.scoping import Action, can, require, visible_units
from decisions import codes
from decisions import documents as decision_documents
from grassroots.history import history_of
from grassroots.http import act, form_errors_to_messages, form_page, page_number
from grassroots.text import fold
from initiatives import forms, selectors, services
from initiatives.models import Initiative, InitiativeStatus, Supporter
from localities.models import Level

PAGE = 50


def _initiative(request, pk, action=Action.VIEW_DECISIONS) -> Initiative:
    initiative = get_object_or_404(selectors.initiatives_for(request.user).select_related("village"), pk=pk)
    require(request.user, action, initiative.village)
    return initiative


def _detail(initiative) -> str:
    return reverse("initiatives:detail", args=[initiative.pk])


def _villages(user):
    return visible_units(user, Action.RUN_DECISIONS).filter(level=Level.VILLAGE, is_active=True).order_by("path")


@login_required
def initiative_list(request):
    rows = list(selectors.initiatives_for(request.user).select_related("village")[:200])
    return render(
        request,
        "initiatives/list.html",
        {"rows": rows, "may_register": _villages(request.user).exists()},
    )


@login_required
def initiative_create(request):
    villages = _villages(request.user)
    if not villages.exists():
        raise Http404

    def registered(initiative):
        messages.success(request, _("The initiative is registered. Print each household's slip with its code."))
        return _detail(initiative)

    return form_page(
        request,
        forms.InitiativeForm(request.POST or None, villages=villages),
        "initiatives/form.html",
        lambda data: services.register(by=request.user, **data),
        registered,
    )


@login_required
def initiative_detail(request, pk):
    initiative = _initiative(request, pk)
    supporters = initiative.supporters.all()
    query = request.GET.get("q", "").strip()
    if query:
        folded = fold(query)
        supporters = supporters.filter(
            pk__in=[
                s.pk
                for s in supporters.only("pk", "name", "household_code")
                if folded in fold(f"{s.name} {s.household_code}")
            ]
        )
    number = page_number(request)
    rows = list(supporters.order_by("position")[(number - 1) * PAGE : number * PAGE + 1])
    return render(
        request,
        "initiatives/detail.html",
        {
            "initiative": initiative,
            "support": selectors.support(initiative),
            "rows": rows[:PAGE],
            "has_next": len(rows) > PAGE,
            "number": number,
            "query": query,
            "may_run": can(request.user, Action.RUN_DECISIONS, initiative.village),
            "may_front": can(request.user, Action.FRONT_COMMITTEE, initiative.village),
            "paper_form": forms.PaperForm(initial={"consented_on": timezone.localdate()}),
            "take_up_form": forms.TakeUpForm(),
            "withdraw_form": forms.WithdrawForm(),
            "collecting": initiative.status == InitiativeStatus.COLLECTING,
            "history": history_of(initiative, limit=20),
        },
    )


@login_required
@never_cache
def slips(request, pk):
    """One slip per household with its code and its QR code, to cut and hand out (the codes are derived: a lost
    slip reprints the same)."""
    initiative = _initiative(request, pk, Action.RUN_DECISIONS)
    rows = []
    for supporter in initiative.supporters.order_by("position"):
        code = services.code_of(supporter, initiative)
        url = services.consent_url(code)
        rows.append((supporter, codes.display(code), decision_documents.qr_svg(url)))
    return render(
        request,
        "initiatives/slips.html",
        {"initiative": initiative, "rows": rows, "address": services.consent_url("").rstrip("#")},
    )


@login_required
@require_POST
def paper(request, pk, supporter_pk):
    initiative = _initiative(request, pk, Action.RUN_DECISIONS)
    supporter = get_object_or_404(Supporter, pk=supporter_pk, initiative=initiative)
    form = forms.PaperForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect(_detail(initiative))
    return act(
        request,
        _detail(initiative),
        lambda: services.record_paper(by=request.user, supporter=supporter, **form.cleaned_data),
        _("The household's signed consent is recorded."),
    )


def _posted(request, initiative, form_class, service, message):
    form = form_class(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect(_detail(initiative))
    return act(
        request,
        _detail(initiative),
        lambda: service(by=request.user, initiative=initiative, **form.cleaned_data),
        message,
    )


@login_required
@require_POST
def take_up(request, pk):
    initiative = _initiative(request, pk, Action.FRONT_COMMITTEE)
    return _posted(
        request, initiative, forms.TakeUpForm, services.take_up, _("The initiative is on the village head's agenda.")
    )


@login_required
@require_POST
def withdraw(request, pk):
    initiative = _initiative(request, pk, Action.RUN_DECISIONS)
    return _posted(request, initiative, forms.WithdrawForm, services.withdraw, _("The initiative is withdrawn."))
