from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.scoping import Action, can, scope, visible_units
from accounts.units import current_unit
from grassroots.forms import show_errors
from grassroots.history import history_of
from grassroots.http import page_number
from grassroots.tabular import write_xlsx
from households import exporting, importing, services
from households.forms import (
    HouseholdCreateForm,
    HouseholdEditForm,
    ImportForm,
    MergeForm,
    MoveForm,
    RemoveResidentForm,
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
    page = search_households(request.user, unit=unit, query=query, page=page_number(request))
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


def _form_page(request, form, *, save, title, household=None, **extra):
    """households/form.html for `form`; a valid POST calls `save(cleaned_data)`, which returns where to go next.

    A service's ValidationError is shown on the form, and nothing was written (each service is one transaction).
    """
    if request.method == "POST" and form.is_valid():
        try:
            return save(form.cleaned_data)
        except ValidationError as exc:
            show_errors(form, exc)
    return render(request, "households/form.html", {"form": form, "title": title, "household": household, **extra})


def _done(request, message, to, **kwargs):
    messages.success(request, message)
    return redirect(to, **kwargs)


@login_required
def household_create(request):
    villages = _writable_villages(request.user, current_unit(request))
    if not villages.exists():
        raise Http404

    def save(data):
        household = services.create_household(**data)
        message = _("Household %(code)s created. Add its members.") % {"code": household.code}
        return _done(request, message, "households:resident_create", pk=household.pk)

    form = HouseholdCreateForm(request.POST or None, villages=villages)
    return _form_page(request, form, save=save, title=_("New household"))


@login_required
def household_edit(request, pk):
    household = _household_for_change(request.user, pk)
    initial = {"address": household.address, "head": household.head_id, "representative": household.representative_id}
    form = HouseholdEditForm(request.POST or None, members=household.members.filter(is_active=True), initial=initial)

    def save(data):
        services.update_household(household=household, **data)
        return _done(request, _("Saved."), "households:detail", pk=household.pk)

    title = _("Edit household %(code)s") % {"code": household.code}
    return _form_page(request, form, save=save, title=title, household=household)


@login_required
def resident_create(request, pk):
    household = _household_for_change(request.user, pk)

    def save(data):
        services.add_resident(household=household, **data)
        to = "households:resident_create" if "add_another" in request.POST else "households:detail"
        return _done(request, _("Added %(name)s.") % {"name": data["full_name"]}, to, pk=household.pk)

    title = _("Add a member to household %(code)s") % {"code": household.code}
    return _form_page(
        request, ResidentForm(request.POST or None), save=save, title=title, household=household, add_another=True
    )


@login_required
def resident_edit(request, pk):
    resident = get_object_or_404(
        residents_for(request.user, Action.CHANGE_HOUSEHOLDS).select_related("household"), pk=pk
    )
    fields = ["full_name", "date_of_birth", "gender", "citizen_id", "relationship"]
    form = ResidentForm(request.POST or None, initial={name: getattr(resident, name) for name in fields})

    def save(data):
        services.update_resident(resident=resident, **data)
        return _done(request, _("Saved."), "households:detail", pk=resident.household_id)

    title = _("Edit %(name)s") % {"name": resident.full_name}
    return _form_page(request, form, save=save, title=title, household=resident.household)


@login_required
def resident_remove(request, pk):
    resident = get_object_or_404(
        residents_for(request.user, Action.CHANGE_HOUSEHOLDS).filter(is_active=True).select_related("household"), pk=pk
    )

    def save(data):
        services.remove_resident(resident=resident, **data)
        message = _("%(name)s is no longer a member.") % {"name": resident.full_name}
        return _done(request, message, "households:detail", pk=resident.household_id)

    title = _("%(name)s leaves the household") % {"name": resident.full_name}
    return _form_page(
        request, RemoveResidentForm(request.POST or None), save=save, title=title, household=resident.household
    )


@login_required
def household_move(request, pk):
    household = _household_for_change(request.user, pk)
    form = MoveForm(request.POST or None, villages=_writable_villages(request.user).exclude(pk=household.village_id))

    def save(data):
        services.move_household(household=household, **data)
        message = _("Household moved to %(village)s.") % {"village": data["village"]}
        return _done(request, message, "households:detail", pk=household.pk)

    title = _("Move household %(code)s") % {"code": household.code}
    return _form_page(request, form, save=save, title=title, household=household)


@login_required
def household_split(request, pk):
    household = _household_for_change(request.user, pk)
    form = SplitForm(request.POST or None, members=household.members.filter(is_active=True))

    def save(data):
        new = services.split_household(household=household, residents=list(data["residents"]), address=data["address"])
        return _done(request, _("New household %(code)s created.") % {"code": new.code}, "households:detail", pk=new.pk)

    title = _("Split household %(code)s") % {"code": household.code}
    return _form_page(request, form, save=save, title=title, household=household)


@login_required
def household_merge(request, pk):
    household = _household_for_change(request.user, pk)
    form = MergeForm(request.POST or None)

    def save(data):
        source = households_for(request.user, Action.CHANGE_HOUSEHOLDS).filter(code=data["source_code"].strip()).first()
        if source is None:
            raise ValidationError(_("No household with this code that you can change."))
        services.merge_households(target=household, sources=[source])
        message = _("Household %(code)s joined this household.") % {"code": source.code}
        return _done(request, message, "households:detail", pk=household.pk)

    title = _("Merge another household into %(code)s") % {"code": household.code}
    return _form_page(request, form, save=save, title=title, household=household)


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
