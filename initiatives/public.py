"""The resident's page: type (or scan) the household's code, read the initiative, consent. Under /bieu-quyet/, where
residents already vote with a code, with the same device cookie and the same brake on wrong codes."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from decisions.public import device, with_device
from grassroots.http import client_address
from initiatives import selectors, services
from initiatives.models import ON_AGENDA

REFUSALS = {
    "unknown_code": _("This code is not right. Check it against the slip and type it again."),
    "rate_limited": _("Too many wrong codes from this device. Wait a minute, then try again."),
    "withdrawn": _("This initiative was withdrawn."),
    "already": _("Your household has already consented to this initiative."),
}


@never_cache
def consent(request):
    if request.method != "POST":
        return with_device(request, render(request, "initiatives/public/code.html", {}))
    code = request.POST.get("code", "")[:20]
    try:
        if request.POST.get("consent") == "yes":
            supporter = services.consent_online(code=code, address=client_address(request), device=device(request))
            initiative = supporter.initiative
            return render(
                request,
                "initiatives/public/done.html",
                {
                    "initiative": initiative,
                    "support": selectors.support(initiative),
                    "on_agenda": initiative.status in ON_AGENDA,
                },
            )
        supporter = services.find(code, client_address(request), device(request))
    except services.Refused as refused:
        status = 429 if refused.reason == "rate_limited" else 409 if refused.reason == "already" else 400
        return render(
            request, "initiatives/public/code.html", {"error": REFUSALS[refused.reason], "code": code}, status=status
        )
    initiative = supporter.initiative
    return render(
        request,
        "initiatives/public/proposal.html",
        {
            "initiative": initiative,
            "supporter": supporter,
            "code": code,
            "support": selectors.support(initiative),
            "on_agenda": initiative.status in ON_AGENDA,
            "lapsed": services.lapsed(supporter),
        },
    )
