"""The conventions in force, as residents read them on the portal: the recognised text and its decision."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import cache_control

from consultations import services as consultations
from conventions import selectors, services
from conventions.models import Convention


@cache_control(public=True, max_age=300)
def in_force(request):
    return render(request, "conventions/public/list.html", {"rows": selectors.in_force()})


@cache_control(public=True, max_age=300)
def convention(request, pk):
    convention = get_object_or_404(Convention.objects.select_related("village__parent", "matter__recognition"), pk=pk)
    if services.recognised_on(convention) is None:
        raise Http404
    version = consultations.current_version(convention.consultation)
    return render(
        request,
        "conventions/public/detail.html",
        {
            "convention": convention,
            "sections": list(version.sections.order_by("position")) if version else [],
            "recognition": convention.matter.recognition,
            "in_force": services.is_in_force(convention),
            "replaced_by": [a for a in convention.amendments.all() if services.is_in_force(a)],
        },
    )
