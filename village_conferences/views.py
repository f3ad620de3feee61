"""Officials' pages for the annual village conference: plan it, record it, send its report."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.scoping import Action, can, scope, visible_units
from grassroots.history import history_of
from grassroots.http import form_page, step_forms
from localities.models import Level
from village_conferences import documents, forms, rules, services
from village_conferences.models import Conference

RUN = Action.RUN_DECISIONS


def _conferences(user):
    return scope(user, Conference.objects.all(), Action.VIEW_DECISIONS)


def _villages(user):
    return visible_units(user, RUN).filter(level=Level.VILLAGE, is_active=True).order_by("path")


@login_required
def conference_list(request):
    rows = list(_conferences(request.user).select_related("village")[:200])
    return render(
        request,
        "village_conferences/list.html",
        {"rows": rows, "may_plan": _villages(request.user).exists(), "book": rules.DECREE_2023},
    )


@login_required
def conference_create(request):
    villages = _villages(request.user)
    if not villages.exists():
        raise Http404
    return form_page(
        request,
        forms.ConferenceForm(request.POST or None, villages=villages),
        "village_conferences/form.html",
        lambda data: services.plan(by=request.user, **data),
        lambda conference: reverse("village_conferences:detail", args=[conference.pk]),
    )


@login_required
def conference_detail(request, pk):
    conference = get_object_or_404(_conferences(request.user).select_related("village"), pk=pk)
    handlers = {
        "held": (
            forms.HeldForm,
            RUN,
            lambda by, d: services.record_held(by=by, conference=conference, **d),
            gettext_lazy("The conference is recorded."),
        ),
        "report": (
            forms.ReportForm,
            RUN,
            lambda by, d: services.send_report(by=by, conference=conference, **d),
            gettext_lazy("The sending of the report is recorded."),
        ),
    }
    done, shown = step_forms(
        request,
        handlers,
        {"sent_on": timezone.localdate()},
        lambda key, result: reverse("village_conferences:detail", args=[conference.pk]),
        lambda action: can(request.user, action, conference.village),
    )
    if done:
        return done
    conference.refresh_from_db()
    return render(
        request,
        "village_conferences/detail.html",
        {
            "conference": conference,
            "forms": shown,
            "book": conference.book,
            "may_run": can(request.user, RUN, conference.village),
            "held": conference.held_on <= timezone.localdate(),
            "history": history_of(conference, limit=20),
        },
    )


@login_required
def report(request, pk):
    conference = get_object_or_404(_conferences(request.user).select_related("village"), pk=pk)
    if not conference.summary:
        raise Http404
    response = HttpResponse(
        documents.report_docx(conference),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="bao-cao-hoi-nghi-{conference.year}-{conference.pk}.docx"'
    return response
