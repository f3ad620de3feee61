"""Residents' pages, no login: the draft, its opinions as moderated, the answers, the versions and what changed.

The pages are cached whole (disclosures.portal_cache): every change to a consultation bumps the portal's
version in its own transaction, so a cached page is never stale after a commit.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from consultations import selectors, services
from consultations.forms import OpinionForm
from consultations.models import Consultation, DraftVersion, Opinion, Status
from disclosures.portal_cache import cached_page
from grassroots.forms import show_errors
from grassroots.http import client_address, page_number

GROUPS_PER_PAGE = 20
OPINIONS_PER_PAGE = 50


def _public(pk) -> Consultation:
    return get_object_or_404(Consultation.objects.select_related("unit").exclude(status=Status.DRAFT), pk=pk)


@cached_page
def index(request):
    rows = Consultation.objects.exclude(status=Status.DRAFT).select_related("unit").order_by("-published_at", "-id")
    number = page_number(request)
    page = list(rows[(number - 1) * 30 : number * 30 + 1])
    return render(
        request, "consultations/public/index.html", {"rows": page[:30], "number": number, "has_next": len(page) > 30}
    )


def _page(request, consultation, form=None, status=200):
    version = services.current_version(consultation)
    number = page_number(request)
    groups, has_next = selectors.groups_page(consultation, offset=(number - 1) * GROUPS_PER_PAGE, limit=GROUPS_PER_PAGE)
    headings = selectors.section_headings(consultation)
    taking = consultation.status == Status.OPEN
    return render(
        request,
        "consultations/public/consultation.html",
        {
            "consultation": consultation,
            "version": version,
            "sections": selectors.sections_of(version),
            "versions": list(consultation.versions.all()),
            "counts": selectors.counts(consultation),
            "groups": groups,
            "ungrouped": selectors.ungrouped(consultation, limit=20, visible_only=True),
            "headings": headings,
            "number": number,
            "has_next": has_next,
            "form": (form or OpinionForm(headings=headings)) if taking else None,
        },
        status=status,
    )


@cached_page
def consultation(request, pk):
    return _page(request, _public(pk))


# No CSRF token: the form acts for no account and cached pages cannot carry a per-reader token. Robots are held
# off by the honeypot, the signed time stamp and the rate limits (see grassroots.forms.StrangerForm).
@csrf_exempt
@require_POST
def give(request, pk):
    consultation = _public(pk)
    form = OpinionForm(request.POST, headings=selectors.section_headings(consultation))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.give_opinion(
                consultation=consultation,
                text=data["text"],
                name=data["name"],
                phone=data["phone"],
                section_key=data["section_key"],
                address=client_address(request),
                user=request.user,
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("Thank you. Your opinion is received; the answer will appear on this page."))
            return redirect(reverse("opinions:consultation", args=[pk]) + "#y-kien")
    return _page(request, consultation, form, status=400)


@cached_page
def all_opinions(request, pk):
    consultation = _public(pk)
    number = page_number(request)
    rows = list(
        Opinion.objects.filter(consultation=consultation)
        .select_related("group__applied_in")
        .order_by("id")[(number - 1) * OPINIONS_PER_PAGE : number * OPINIONS_PER_PAGE + 1]
    )
    return render(
        request,
        "consultations/public/opinions.html",
        {
            "consultation": consultation,
            "opinions": rows[:OPINIONS_PER_PAGE],
            "headings": selectors.section_headings(consultation),
            "number": number,
            "has_next": len(rows) > OPINIONS_PER_PAGE,
            "offset": (number - 1) * OPINIONS_PER_PAGE,
        },
    )


@cached_page
def version(request, pk, number):
    consultation = _public(pk)
    shown = get_object_or_404(DraftVersion, consultation=consultation, number=number)
    return render(
        request,
        "consultations/public/version.html",
        {"consultation": consultation, "version": shown, "changes": selectors.changes(shown)},
    )
