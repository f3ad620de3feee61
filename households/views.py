from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.scoping import Action, can, scope, visible_units
from accounts.units import current_unit
from grassroots.history import history_of
from grassroots.tabular import write_xlsx
from households import exporting, importing, services
from households.forms import (
    HouseholdCreateForm,
    HouseholdEditForm,
    ImportForm,
    MergeForm,
    MoveForm,
    ResidentForm,
    SplitForm,
)
from households.models import Household, HouseholdImport, Resident
from households.selectors import household_detail, households_for, residents_for, search_households
from households.tasks import import_households
from localities.models import Level


def _writable_villages(user, unit=None):
    villages = scope(user, visible_units(user).filter(level=Level.VILLAGE, is_active=True), Action.CHANGE_HOUSEHOLDS)
    if unit is not None:
        villages = villages.filter(path__startswith=unit.path)
    return villages.select_related("parent").order_by("parent__name", "name")


def _household_for_change(user, pk) -> Household:
    household = get_object_or_404(households_for(user, Action.CHANGE_HOUSEHOLDS).select_related("village"), pk=pk)
    return household


@login_required
def household_list(request):
    unit = current_unit(request)
    query = request.GET.get("q", "")
    try:
        page_number = int(request.GET.get("page", 1))
    except ValueError:
        page_number = 1
    page = search_households(request.user, unit=unit, query=query, page=page_number)
    context = {
        "unit": unit,
        "query": query,
        "page": page,
        "can_change": unit is not None and can(request.user, Action.CHANGE_HOUSEHOLDS, unit),
    }
    if request.htmx and request.htmx.target == "household-results":
        return render(request, "households/_results.html", context)
    return render(request, "households/household_list.html", context)


@login_required
def household_detail_view(request, pk):
    try:
        household = household_detail(request.user, pk)
    except Household.DoesNotExist as exc:
        raise Http404 from exc
    members = list(household.members.all())
    return render(
        request,
        "households/household_detail.html",
        {
            "household": household,
            "members": members,
            "can_change": can(request.user, Action.CHANGE_HOUSEHOLDS, household.village),
            "history": history_of(household, extra=Resident.history.filter(household_id=household.pk)),
        },
    )


@login_required
def household_create(request):
    villages = _writable_villages(request.user, current_unit(request))
    if not villages.exists():
        raise Http404
    form = HouseholdCreateForm(request.POST or None, villages=villages)
    if request.method == "POST" and form.is_valid():
        try:
            household = services.create_household(**form.cleaned_data)
            messages.success(request, _("Household %(code)s created. Add its members.") % {"code": household.code})
            return redirect("households:resident_create", pk=household.pk)
        except ValidationError as exc:
            form.add_error(None, exc)
    return render(request, "households/form.html", {"form": form, "title": _("New household")})


@login_required
def household_edit(request, pk):
    household = _household_for_change(request.user, pk)
    members = household.members.filter(is_active=True)
    form = HouseholdEditForm(
        request.POST or None,
        members=members,
        initial={
            "address": household.address,
            "head": household.head_id,
            "representative": household.representative_id,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_household(household=household, **form.cleaned_data)
            messages.success(request, _("Saved."))
            return redirect("households:detail", pk=household.pk)
        except ValidationError as exc:
            form.add_error(None, exc)
    return render(
        request,
        "households/form.html",
        {"form": form, "title": _("Edit household %(code)s") % {"code": household.code}, "household": household},
    )


@login_required
def resident_create(request, pk):
    household = _household_for_change(request.user, pk)
    form = ResidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_resident(household=household, **form.cleaned_data)
            messages.success(request, _("Added %(name)s.") % {"name": form.cleaned_data["full_name"]})
            if "add_another" in request.POST:
                return redirect("households:resident_create", pk=household.pk)
            return redirect("households:detail", pk=household.pk)
        except ValidationError as exc:
            form.add_error(None, exc)
    return render(
        request,
        "households/form.html",
        {
            "form": form,
            "title": _("Add a member to household %(code)s") % {"code": household.code},
            "household": household,
            "add_another": True,
        },
    )


@login_required
def resident_edit(request, pk):
    resident = get_object_or_404(
        residents_for(request.user, Action.CHANGE_HOUSEHOLDS).select_related("household"), pk=pk
    )
    form = ResidentForm(
        request.POST or None,
        initial={
            "full_name": resident.full_name,
            "date_of_birth": resident.date_of_birth,
            "gender": resident.gender,
            "citizen_id": resident.citizen_id,
            "relationship": resident.relationship,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_resident(resident=resident, **form.cleaned_data)
            messages.success(request, _("Saved."))
            return redirect("households:detail", pk=resident.household_id)
        except ValidationError as exc:
            form.add_error(None, exc)
    return render(
        request,
        "households/form.html",
        {"form": form, "title": _("Edit %(name)s") % {"name": resident.full_name}, "household": resident.household},
    )


@login_required
def household_move(request, pk):
    household = _household_for_change(request.user, pk)
    form = MoveForm(request.POST or None, villages=_writable_villages(request.user).exclude(pk=household.village_id))
    if request.method == "POST" and form.is_valid():
        try:
            services.move_household(household=household, **form.cleaned_data)
            messages.success(request, _("Household moved to %(village)s.") % {"village": form.cleaned_data["village"]})
            return redirect("households:detail", pk=household.pk)
        except ValidationError as exc:
            form.add_error(None, exc)
    return render(
        request,
        "households/form.html",
        {"form": form, "title": _("Move household %(code)s") % {"code": household.code}, "household": household},
    )


@login_required
def household_split(request, pk):
    household = _household_for_change(request.user, pk)
    form = SplitForm(request.POST or None, members=household.members.filter(is_active=True))
    if request.method == "POST" and form.is_valid():
        try:
            new = services.split_household(
                household=household,
                residents=list(form.cleaned_data["residents"]),
                address=form.cleaned_data["address"],
            )
            messages.success(request, _("New household %(code)s created.") % {"code": new.code})
            return redirect("households:detail", pk=new.pk)
        except ValidationError as exc:
            form.add_error(None, exc)
    return render(
        request,
        "households/form.html",
        {"form": form, "title": _("Split household %(code)s") % {"code": household.code}, "household": household},
    )


@login_required
def household_merge(request, pk):
    household = _household_for_change(request.user, pk)
    form = MergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        source = (
            households_for(request.user, Action.CHANGE_HOUSEHOLDS)
            .filter(code=form.cleaned_data["source_code"].strip())
            .first()
        )
        if source is None:
            form.add_error("source_code", _("No household with this code that you can change."))
        else:
            try:
                services.merge_households(target=household, sources=[source])
                messages.success(request, _("Household %(code)s joined this household.") % {"code": source.code})
                return redirect("households:detail", pk=household.pk)
            except ValidationError as exc:
                form.add_error(None, exc)
    return render(
        request,
        "households/form.html",
        {
            "form": form,
            "title": _("Merge another household into %(code)s") % {"code": household.code},
            "household": household,
        },
    )


@login_required
def import_template(request):
    content = write_xlsx(
        _("Households"), [labels[0] for labels in importing.COLUMNS.values()], importing.TEMPLATE_EXAMPLE
    )
    response = HttpResponse(content, content_type=exporting.XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-ho-gia-dinh.xlsx"'
    return response


@login_required
def import_start(request):
    unit = current_unit(request)
    if unit is None or not can(request.user, Action.CHANGE_HOUSEHOLDS, unit):
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = HouseholdImport.objects.create(
            created_by=request.user, unit=unit, file_name=upload.name, content=upload.read()
        )
        import_households.enqueue(job.pk)
        return redirect("households:import_status", pk=job.pk)
    return render(request, "households/import.html", {"form": form, "unit": unit, "columns": importing.COLUMNS})


@login_required
def import_status(request, pk):
    job = get_object_or_404(HouseholdImport.objects.select_related("unit"), pk=pk, created_by=request.user)
    template = "households/_import_progress.html" if request.htmx else "households/import_status.html"
    return render(request, template, {"job": job})


@login_required
def export_xlsx(request):
    unit = current_unit(request)
    if unit is None:
        raise Http404
    content = exporting.households_xlsx(request.user, unit)
    response = HttpResponse(content, content_type=exporting.XLSX)
    response["Content-Disposition"] = f'attachment; filename="ho-gia-dinh-{unit.code}.xlsx"'
    return response
