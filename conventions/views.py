"""Officials' pages for a village convention: one page, a small form for each step in its order; the province's
yearly figures and report. Residents read the conventions in force on the portal (public.py)."""

from datetime import timedelta

from django import forms as django_forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.scoping import Action, can, granted_paths, visible_units
from conventions import documents, forms, rules, selectors, services
from grassroots.history import history_of
from grassroots.http import form_page, step_forms
from initiatives.models import ON_AGENDA, Initiative
from localities.models import AdministrativeUnit, Level

RUN, COMMUNE = Action.RUN_DECISIONS, Action.RECOGNISE_DECISIONS


class NoFields(django_forms.Form):
    pass


def _villages(user):
    return visible_units(user, RUN).filter(level=Level.VILLAGE, is_active=True).order_by("path")


@login_required
def convention_list(request):
    rows = list(selectors.conventions_for(request.user).select_related("village", "matter", "consultation")[:200])
    return render(
        request,
        "conventions/list.html",
        {
            "rows": [(c, selectors.STAGES[selectors.stage(c)]) for c in rows],
            "may_start": _villages(request.user).exists(),
            "provinces": _provinces(request.user),
        },
    )


@login_required
def convention_create(request):
    villages = _villages(request.user)
    if not villages.exists():
        raise Http404
    initiatives = Initiative.objects.filter(village__in=villages, status__in=ON_AGENDA)
    return form_page(
        request,
        forms.ConventionForm(request.POST or None, villages=villages, initiatives=initiatives),
        "conventions/form.html",
        lambda data: services.start(by=request.user, **data),
        lambda convention: reverse("conventions:detail", args=[convention.pk]),
    )


def _amend(by, convention):
    return services.start(
        by=by,
        village=convention.village,
        kind=convention.kind,
        title=f"{convention.title} (sửa đổi, bổ sung)"[:200],
        initiated_by="village_head",
        amends=convention,
        minority_area=convention.minority_area,
    )


def _handlers(c):
    """Each step's form, who may post it (the village's runner or the commune People's Committee), its service."""
    return {
        "team": (
            forms.TeamForm,
            RUN,
            lambda by, d: services.set_team(
                by=by, convention=c, names=d["team"], elder=d["elder"], language_speaker=d["language_speaker"]
            ),
            gettext_lazy("The drafting team is recorded."),
        ),
        "draft": (
            forms.DraftForm,
            RUN,
            lambda by, d: services.put_draft(by=by, convention=c, **d),
            gettext_lazy("The draft is posted for the residents' opinions."),
        ),
        "vote": (
            forms.VoteForm,
            RUN,
            lambda by, d: services.prepare_vote(by=by, convention=c, **d),
            gettext_lazy("The households' vote is prepared: open it on its page."),
        ),
        "cancel_vote": (
            NoFields,
            RUN,
            lambda by, d: services.cancel_vote(by=by, convention=c),
            gettext_lazy("The prepared vote is cancelled: prepare it again with the right meeting."),
        ),
        "send": (
            forms.SendForm,
            RUN,
            lambda by, d: services.send_dossier(by=by, convention=c, **d),
            gettext_lazy("The dossier is sent to the commune."),
        ),
        "complete": (
            forms.DayForm,
            COMMUNE,
            lambda by, d: services.dossier_complete(by=by, convention=c, **d),
            gettext_lazy("The dossier is complete: the commune decides within 5 working days."),
        ),
        "dispatch": (
            forms.DayForm,
            COMMUNE,
            lambda by, d: services.dispatch(by=by, convention=c, **d),
            gettext_lazy("The sending of the recognised text is recorded."),
        ),
        "suspend": (
            forms.SuspendForm,
            COMMUNE,
            lambda by, d: services.suspend(by=by, convention=c, **d),
            gettext_lazy("The suspension is recorded."),
        ),
        "repeal": (
            forms.RepealForm,
            COMMUNE,
            lambda by, d: services.repeal(by=by, convention=c, **d),
            gettext_lazy("The repeal is recorded."),
        ),
        "review": (
            forms.ReviewForm,
            RUN,
            lambda by, d: services.review(by=by, convention=c, **d),
            gettext_lazy("The yearly review is recorded."),
        ),
        "amend": (
            NoFields,
            RUN,
            lambda by, d: _amend(by, c),
            gettext_lazy("An amendment is started: draft it step by step."),
        ),
    }


@login_required
def convention_detail(request, pk):
    convention = get_object_or_404(
        selectors.conventions_for(request.user).select_related("village", "matter", "consultation"), pk=pk
    )
    village = convention.village
    today = timezone.localdate()
    initial = {
        "opens_on": today,
        "closes_on": today + timedelta(days=31),
        "sent_on": today,
        "on": today,
        "suspended_on": today,
        "reported_on": today,
        "repealed_on": today,
        "year": today.year,
        "reviewed_on": today,
        # An amendment replaces the whole text: its draft starts from the text it amends.
        "text": services.current_text(convention.amends) if convention.amends else "",
    }

    def go_to(key, result):
        if key == "amend":
            return reverse("conventions:detail", args=[result.pk])
        return reverse("conventions:detail", args=[convention.pk])

    done, shown = step_forms(request, _handlers(convention), initial, go_to, lambda a: can(request.user, a, village))
    if done:
        return done
    convention.refresh_from_db()
    return render(
        request,
        "conventions/detail.html",
        {
            "convention": convention,
            "forms": shown,
            "stage": selectors.stage(convention),
            "stage_words": selectors.STAGES[selectors.stage(convention)],
            "book": convention.book,
            "may_run": can(request.user, RUN, village),
            "may_commune": can(request.user, COMMUNE, village),
            "adopted_on": services.adopted_on(convention),
            "dossier_due": services.dossier_due(convention),
            "recognition": getattr(convention.matter, "recognition", None) if convention.matter else None,
            "recognised_on": services.recognised_on(convention),
            "suspension_late": services.suspension_late(convention),
            "reviews": list(convention.reviews.all()),
            "amendments": list(convention.amendments.all()),
            "history": history_of(convention, limit=30),
        },
    )


def _provinces(user):
    paths = granted_paths(user, Action.VIEW_DECISIONS)
    units = AdministrativeUnit.objects.filter(level=Level.PROVINCE)
    return [u for u in units if any(u.path.startswith(p) for p in paths)]


def _province(request):
    provinces = _provinces(request.user)
    if not provinces:
        raise Http404
    wanted = request.GET.get("province")
    return next((p for p in provinces if str(p.pk) == wanted), provinces[0])


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", timezone.localdate().year))
    except ValueError:
        year = timezone.localdate().year
    return min(max(year, 2023), 2100)


@login_required
def province_report(request):
    province, year = _province(request), _year(request)
    return render(
        request,
        "conventions/report.html",
        {
            "province": province,
            "year": year,
            "rows": selectors.yearly_figures(province, year),
            "due": rules.report_due(year),
            "article": rules.DECREE_2023.report_article,
        },
    )


@login_required
def province_report_docx(request):
    province, year = _province(request), _year(request)
    response = HttpResponse(
        documents.province_report_docx(province, year),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="bao-cao-huong-uoc-{year}.docx"'
    return response
