from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scoping import Action, can, require, visible_units
from accounts.units import current_unit, set_current_unit
from grassroots.history import history_of
from grassroots.http import page_number
from grassroots.tabular import TableError
from households.selectors import search_households
from localities import selectors, services
from localities.forms import VillageForm, VillageImportForm, VillageMergeForm
from localities.models import Level


def _unit_or_404(user, code):
    return get_object_or_404(visible_units(user).select_related("parent"), code=code)


@login_required
def home(request):
    unit = current_unit(request)
    if unit is None:
        return render(request, "localities/no_unit.html")
    return redirect("localities:detail", code=unit.code)


@login_required
def unit_detail(request, code):
    unit = _unit_or_404(request.user, code)
    set_current_unit(request, unit)
    context = {
        "unit": unit,
        "ancestors": [a for a in unit.ancestors() if can(request.user, Action.VIEW_UNITS, a)],
        "children": selectors.children_with_counts(request.user, unit),
        "can_manage_villages": unit.level == Level.COMMUNE and can(request.user, Action.MANAGE_VILLAGES, unit),
        "village_form": VillageForm(),
        "import_form": VillageImportForm(),
        "history": history_of(unit),
        "legacy_sources": selectors.legacy_sources(unit) if unit.level != Level.VILLAGE else [],
    }
    if unit.level == Level.VILLAGE:
        context["households"] = search_households(request.user, unit=unit, page=page_number(request))
        context["can_manage_village"] = can(request.user, Action.MANAGE_VILLAGES, unit.parent)
        context["rename_form"] = VillageForm(initial={"name": unit.name, "division_type": unit.division_type})
        context["merge_form"] = VillageMergeForm(
            villages=unit.parent.children.filter(is_active=True).exclude(pk=unit.pk)
        )
    return render(request, "localities/unit_detail.html", context)


@login_required
def unit_picker(request):
    """HTMX: the units matching what the user typed, among those they may see."""
    query = request.GET.get("q", "")
    units = selectors.search_units(request.user, query) if query.strip() else []
    return render(request, "localities/_picker_results.html", {"units": units, "query": query})


@login_required
@require_POST
def village_create(request, code):
    commune = _unit_or_404(request.user, code)
    require(request.user, Action.MANAGE_VILLAGES, commune)
    form = VillageForm(request.POST)
    if form.is_valid():
        try:
            village = services.create_village(commune=commune, **form.cleaned_data)
            messages.success(request, _("Created %(village)s.") % {"village": village})
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Enter a name and a type for the village."))
    return redirect("localities:detail", code=commune.code)


@login_required
@require_POST
def village_rename(request, code):
    village = _unit_or_404(request.user, code)
    require(request.user, Action.MANAGE_VILLAGES, village.parent)
    form = VillageForm(request.POST)
    if form.is_valid():
        try:
            services.rename_village(village=village, **form.cleaned_data)
            messages.success(request, _("Saved."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect("localities:detail", code=village.code)


@login_required
@require_POST
def village_merge(request, code):
    village = _unit_or_404(request.user, code)
    require(request.user, Action.MANAGE_VILLAGES, village.parent)
    form = VillageMergeForm(
        request.POST, villages=village.parent.children.filter(is_active=True).exclude(pk=village.pk)
    )
    if form.is_valid():
        try:
            target = services.merge_villages(
                sources=[village], target=form.cleaned_data["target"], reason=form.cleaned_data["reason"]
            )
            messages.success(
                request, _("%(source)s was merged into %(target)s.") % {"source": village, "target": target}
            )
            return redirect("localities:detail", code=target.code)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect("localities:detail", code=village.code)


@login_required
@require_POST
def village_import(request, code):
    commune = _unit_or_404(request.user, code)
    require(request.user, Action.MANAGE_VILLAGES, commune)
    form = VillageImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to import."))
        return redirect("localities:detail", code=commune.code)
    upload = form.cleaned_data["file"]
    try:
        created = services.import_villages(commune=commune, file_name=upload.name, content=upload.read())
    except (TableError, ValidationError) as exc:
        for message in getattr(exc, "messages", [str(exc)]):
            messages.error(request, message)
        messages.error(request, _("Nothing was imported."))
    else:
        messages.success(request, _("%(count)s villages created.") % {"count": created})
    return redirect("localities:detail", code=commune.code)
