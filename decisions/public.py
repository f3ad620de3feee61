"""Pages open to everyone: voting with a household code, the public bulletin, and checking the ledger."""

import secrets
import time
from functools import lru_cache

from django.conf import settings
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from decisions import ballots, codes, ledger, presentation, selectors, services
from decisions.models import LedgerEntry, Matter, MatterDocument, MatterStatus, Recognition
from decisions.presentation import REFUSALS
from disclosures.portal import file_response
from grassroots.http import client_address

REFUSAL_STATUS = {"unknown_code": 400, "rate_limited": 429, "closed": 409, "other_matter": 409}


def _address(request) -> str:
    return client_address(request)


# A browser shown the voting page gets a random device id in a signed cookie, so that wrong codes brake that
# browser rather than everyone behind its address (decisions.ballots.Sender). It is read only to count wrong
# codes: a ballot taken stores nothing of it.
DEVICE_COOKIE = "thiet-bi"
_DEVICE_SALT = "decisions.public.device"
_DEVICE_DAYS = 30


def device(request) -> str:
    """The browser's device id, for other pages under /bieu-quyet/ that take a household's code."""
    return _device(request)


def with_device(request, response):
    return _with_device(request, response)


def _device(request) -> str:
    return request.get_signed_cookie(DEVICE_COOKIE, default="", salt=_DEVICE_SALT, max_age=_DEVICE_DAYS * 86400)


def _with_device(request, response):
    if not _device(request):
        response.set_signed_cookie(
            DEVICE_COOKIE,
            # With the time it was given: a browser that was here before a flood of wrong codes keeps voting
            # (decisions.ballots.Sender.established).
            f"{secrets.token_urlsafe(12)}.{int(time.time())}",
            salt=_DEVICE_SALT,
            max_age=_DEVICE_DAYS * 86400,
            path=reverse("voting:vote"),
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


def _refused(request, refused: ballots.BallotRefused, code: str = ""):
    meta = None
    if (refused.reason.startswith("choice_") or refused.reason == "other_matter") and refused.matter_id:
        matter = Matter.objects.filter(pk=refused.matter_id).values_list("code_salt", flat=True).first()
        meta = ballots.ballot_meta(refused.matter_id, matter or "")
    status = REFUSAL_STATUS.get(refused.reason, 409 if refused.reason.startswith("already") else 400)
    return render(
        request,
        "decisions/public/ballot.html" if meta else "decisions/public/vote.html",
        {"error": REFUSALS.get(refused.reason, refused.reason), "meta": meta, "code": code},
        status=status,
    )


@never_cache
def vote(request):
    """Step 1: the household types (or scans) its code; step 2 shows its ballot."""
    if request.method != "POST":
        return _with_device(request, render(request, "decisions/public/vote.html", {}))
    code = request.POST.get("code", "")
    try:
        holder = ballots.find_code(code, _address(request), device=_device(request))
    except ballots.BallotRefused as refused:
        return _refused(request, refused, code[:20])  # kept in the field, so that one mistyped letter can be fixed
    if holder.voted_via:
        return _refused(request, ballots.BallotRefused(f"already_{holder.voted_via}", holder.matter_id))
    meta = ballots.ballot_meta(holder.matter_id, holder.salt)
    return render(request, "decisions/public/ballot.html", {"meta": meta, "code": code})


# No CSRF check: a ballot rides on no cookie or session, only on the one-time code in its own body, which a
# forged cross-site request could not know. (The check cost a tenth of a ballot's time.)
@csrf_exempt
@require_POST
def cast(request):
    """Step 2: the ballot. The receipt page is sent only after the ballot is committed."""
    code = request.POST.get("code", "")
    try:
        receipt = ballots.cast_online(
            code=code,
            choices=request.POST.getlist("choice"),
            address=_address(request),
            device=_device(request),
            matter_id=request.POST.get("matter"),
        )
    except ballots.BallotRefused as refused:
        return _never_cached(_refused(request, refused, code))
    return _receipt_page(request, receipt)


# The receipt page is the same for every voter but for two values. It is rendered once per language and worker
# with markers in their place (no messages, no form, no request-specific links), then filled in: rendering
# the template for each ballot cost as much as recording the ballot.
_RECEIPT_MARK, _BULLETIN_MARK = "\ue000receipt\ue000", "\ue000bulletin\ue000"
_receipt_pages: dict[str, str] = {}
# What django.views.decorators.cache.never_cache sets, written once.
_NEVER_CACHE = {"Cache-Control": "max-age=0, no-cache, no-store, must-revalidate, private", "Expires": "0"}


def _never_cached(response: HttpResponse) -> HttpResponse:
    for header, value in _NEVER_CACHE.items():
        response[header] = value
    return response


@lru_cache(maxsize=256)
def _bulletin_url(matter_id: int) -> str:
    return reverse("voting:bulletin", args=[matter_id])


def _receipt_page(request, receipt: ballots.Receipt) -> HttpResponse:
    language = get_language()
    page = _receipt_pages.get(language)
    if page is None:
        page = render_to_string(
            "decisions/public/receipt.html",
            {"receipt": _RECEIPT_MARK, "bulletin_url": _BULLETIN_MARK, "language_next": reverse("voting:vote")},
            request,
        )
        if not settings.DEBUG:
            _receipt_pages[language] = page
    body = page.replace(_RECEIPT_MARK, codes.display(receipt.code)).replace(
        _BULLETIN_MARK, _bulletin_url(receipt.matter_id)
    )
    return _never_cached(HttpResponse(body))


# The receipt is looked up by POST, never in the address: an address lands in logs beside the voter's IP. The lookup
# changes nothing and rides on no cookie, so it needs no CSRF token (the receipt page posts it as is).
@csrf_exempt
def bulletin(request, pk):
    matter = get_object_or_404(Matter.objects.select_related("village").exclude(status=MatterStatus.DRAFT), pk=pk)
    receipt = codes.normalise(request.POST.get("bien-nhan", "")) if request.method == "POST" else ""
    found = None
    if receipt:
        found = LedgerEntry.objects.filter(matter=matter, receipt=receipt).first()
    rows, valid, invalid = selectors.option_counts(matter)
    result, record_problems = selectors.shown_result(matter)
    return render(
        request,
        "decisions/public/bulletin.html",
        {
            "record_problems": record_problems,
            "matter": matter,
            "turnout": selectors.turnout(matter),
            "options": rows,
            "valid": sum(valid.values()),
            "invalid": sum(invalid.values()),
            "counts_shown": matter.counts_shown and not record_problems,
            "result": result,
            **presentation.explain(matter, result),
            "receipt": receipt,
            "found": found,
            **selectors.ballot_round_state(matter, None),
            "recognition": Recognition.objects.filter(matter=matter).first(),
            # An agree/disagree question elects nobody: its result says adopted or not.
            "winners": [
                o.label
                for o in matter.options.all()
                if o.key in result.get("winners", []) and matter.ballot_kind != "yes_no"
            ],
        },
    )


def document(request, pk):
    item = get_object_or_404(MatterDocument.objects.exclude(matter__status=MatterStatus.DRAFT), pk=pk)
    return file_response(item.file, item.name, item.content_type)


def verify(request, pk):
    """Recompute every hash and the tally. A closed matter's answer is kept: its ledger cannot change. An open
    one's is kept for half a minute, so that anyone may check it but no one can keep the server busy with it;
    while ballots still arrive, its recount is not compared with the live tally, which moves on meanwhile."""
    matter = get_object_or_404(Matter.objects.exclude(status=MatterStatus.DRAFT), pk=pk)
    closed = bool(matter.final_hash)
    check = selectors.verification(matter)
    totals = check.recount.totals()
    live = selectors.option_counts(matter)[0]
    agrees = all(totals.get(row.key, 0) == row.total for row in live) if closed else None
    return render(
        request,
        "decisions/public/verify.html",
        {
            "matter": matter,
            "check": check,
            "agrees": agrees,
            "counts_shown": matter.counts_shown,
            "recounted": [(row.label, totals.get(row.key, 0), row.total) for row in live],
        },
    )


def ledger_text(request, pk):
    """The whole ledger as text, one entry per line, for anyone to recompute with any sha256 tool. A secret
    ballot's ledger is published only after closing: before, it would show the running count."""
    matter = get_object_or_404(Matter, pk=pk)
    if matter.status == MatterStatus.DRAFT or (matter.is_secret and not matter.counts_shown):
        raise Http404

    opening = ledger.opening_digest(matter)
    closing = ledger.closing_digest(matter) if matter.final_hash else "-"

    def lines():
        # Everything needed to recompute each lane and the final hash from this file alone: the opening and closing
        # digests cover the roll (names, addresses, who voted how), which is not published, so their values are.
        yield (
            f"# matter {matter.pk}; hash = sha256(previous hash + '\\n' + payload); lane <n> starts at sha256("
            f"'grassroots/decisions/matter/{matter.pk}/lane/<n>/opening/{opening}');"
            f" final hash = sha256(the 8 lanes' last hashes, then the closing digest {closing}, joined by '\\n');"
            f" final hash {matter.final_hash or '-'}\n"
        )
        rows = LedgerEntry.objects.filter(matter=matter).order_by("lane", "seq")
        for lane, seq, payload, digest in rows.values_list("lane", "seq", "payload", "hash").iterator(5000):
            yield f"{lane}\t{seq}\t{payload}\t{digest}\n"

    response = StreamingHttpResponse(lines(), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="so-cai-{matter.pk}.txt"'
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def slip(request):
    """A member of a counting team draws their key slip with the link the official handed them (its token comes in
    the link's fragment, put into the form by vote-code.js, and is sent in the body: no log holds it)."""
    if request.method != "POST":
        return render(request, "decisions/public/slip.html", {})
    token = request.POST.get("token", "").strip()
    drawn = services.draw_slip(token)
    if drawn is None:
        error = _("This link opens no slip: check that it was copied whole, or the vote has already closed.")
        return render(request, "decisions/public/slip.html", {"error": error, "token": token[:64]}, status=404)
    return render(request, "decisions/public/slip.html", {"drawn": drawn})
