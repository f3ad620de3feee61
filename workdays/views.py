"""The working-day calendar: every official sees the year's changes; a province-level administrator records them."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scoping import may_edit_catalogue
from grassroots import working_days
from grassroots.forms import show_errors
from workdays import services
from workdays.forms import ChangeForm
from workdays.models import CalendarChange


def calendar(request):
    """Public to read (residents count the same deadlines); changed only by a province-level administrator."""
    today = timezone.localdate()
    try:
        year = min(max(int(request.GET.get("year", today.year)), 2023), 2100)
    except ValueError:
        year = today.year
    may_edit = may_edit_catalogue(request.user)
    form = ChangeForm(request.POST or None, initial={"day": today})
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.set_day(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                show_errors(form, exc)
            else:
                messages.success(request, _("The calendar is changed; deadlines counted from now on follow it."))
                return redirect(f"{request.path}?year={form.cleaned_data['day'].year}")
    holidays = sorted(d for d in working_days._holidays(year))
    return render(
        request,
        "workdays/calendar.html",
        {
            "year": year,
            "changes": CalendarChange.objects.filter(day__year=year).order_by("day"),
            "holidays": [(d, working_days.is_working_day(d)) for d in holidays if d.year == year],
            "form": form,
            "may_edit": may_edit,
            "start": date(year, 1, 1),
        },
    )


@login_required
@require_POST
def remove(request, pk):
    if not may_edit_catalogue(request.user):
        raise PermissionDenied
    change = get_object_or_404(CalendarChange, pk=pk)
    services.remove(by=request.user, change=change)
    messages.success(request, _("The change is removed."))
    return redirect(f"/working-days/?year={change.day.year}")
