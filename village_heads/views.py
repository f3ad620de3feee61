"""Officials' pages for a village head's election and dismissal: each step a small form on one page; a refused
step shows again with what was typed and why."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.scoping import Action, can, visible_units
from decisions import selectors as decision_selectors
from decisions import services as decision_services
from grassroots import documents as paper
from grassroots.history import history_of
from grassroots.http import form_page, step_forms
from localities.models import Level
from village_heads import documents, forms, rules, selectors, services

PREPARE = Action.PREPARE_HEAD_ELECTIONS
# Steps taken at the meeting, by whoever runs its vote (decisions.selectors.runs: not the village head).
RUNS_VOTE = "runs_vote"


def _villages(user, action=PREPARE):
    return visible_units(user, action).filter(level=Level.VILLAGE, is_active=True).order_by("path")


@login_required
def index(request):
    elections = list(selectors.elections_for(request.user).select_related("village", "matter")[:100])
    dismissals = list(selectors.dismissals_for(request.user).select_related("village", "matter")[:100])
    villages = {e.village for e in elections} | {d.village for d in dismissals}
    heads = sorted(((v, selectors.current_head(v)) for v in villages), key=lambda pair: pair[0].path)
    return render(
        request,
        "village_heads/index.html",
        {
            "elections": elections,
            "dismissals": dismissals,
            "heads": heads,
            "may_prepare": _villages(request.user).exists(),
            "term_months": rules.term_months(),
            "term_article": rules.TERM_ARTICLE,
        },
    )


def _create(request, form_class, template, make, go_to):
    villages = _villages(request.user)
    if not villages.exists():
        raise Http404
    return form_page(request, form_class(request.POST or None, villages=villages), template, make, go_to)


@login_required
def election_create(request):
    return _create(
        request,
        forms.VillageElectionForm,
        "village_heads/election_form.html",
        lambda data: services.plan_election(by=request.user, **data),
        lambda election: reverse("village_heads:election", args=[election.pk]),
    )


@login_required
def dismissal_create(request):
    return _create(
        request,
        forms.DismissalForm,
        "village_heads/dismissal_form.html",
        lambda data: services.ask_dismissal(by=request.user, **data),
        lambda dismissal: reverse("village_heads:dismissal", args=[dismissal.pk]),
    )


def _election_forms(election):
    today = timezone.localdate()
    return {
        "candidates": (
            forms.CandidatesForm,
            Action.FRONT_COMMITTEE,
            lambda by, d: services.record_candidates(by=by, election=election, names=d["names"], on=d["on"]),
            gettext_lazy("The official list of candidates is recorded."),
        ),
        "team": (
            forms.TeamForm,
            PREPARE,
            lambda by, d: services.record_team(by=by, election=election, names=d["team"], on=d["on"]),
            gettext_lazy("The election team is recorded."),
        ),
        "publicity": (
            forms.PublicityForm,
            PREPARE,
            lambda by, d: services.record_publicity(by=by, election=election, **d),
            gettext_lazy("The publicity is recorded."),
        ),
        "meeting": (
            forms.MeetingForm,
            PREPARE,
            lambda by, d: services.prepare_meeting(by=by, election=election, **d),
            gettext_lazy("The election meeting is prepared: take nominations there, then open voting."),
        ),
        "nominate": (
            forms.NominationForm,
            RUNS_VOTE,
            lambda by, d: services.nominate(by=by, election=election, **d),
            gettext_lazy("The candidate is added to the ballot."),
        ),
        "method": (
            forms.MethodForm,
            RUNS_VOTE,
            lambda by, d: decision_services.choose_ballot_method(by=by, matter=election.matter, **d),
            gettext_lazy("The way of voting is recorded."),
        ),
        "cancel": (
            forms.CancelForm,
            PREPARE,
            lambda by, d: services.cancel_election(by=by, election=election, **d),
            gettext_lazy("The election is cancelled; the village may prepare another."),
        ),
        "new_election": (
            forms.NewElectionForm,
            PREPARE,
            lambda by, d: services.decide_new_election(by=by, election=election, **d),
            gettext_lazy("The new election is decided: prepare it step by step."),
        ),
    }, {"on": today, "plan_on": today, "notice_given_on": today}


@login_required
def election_detail(request, pk):
    election = get_object_or_404(selectors.elections_for(request.user).select_related("village", "matter"), pk=pk)
    village = election.village
    handlers, initial = _election_forms(election)

    def go_to(key, result):
        if key == "new_election":
            return reverse("village_heads:election", args=[result.pk])
        return reverse("village_heads:election", args=[election.pk])

    def may(action):
        if action == RUNS_VOTE:
            return election.matter is not None and decision_selectors.runs(request.user, election.matter)
        return can(request.user, action, village)

    done, shown = step_forms(request, handlers, initial, go_to, may)
    if done:
        return done
    election.refresh_from_db()
    return render(
        request,
        "village_heads/election_detail.html",
        {
            "election": election,
            "forms": shown,
            "steps": selectors.steps(election),
            "candidates": list(election.candidates.all()),
            "outcome": selectors.outcome(election),
            "may_prepare": can(request.user, PREPARE, village),
            "may_list": can(request.user, Action.FRONT_COMMITTEE, village),
            "may_run": election.matter is not None and decision_selectors.runs(request.user, election.matter),
            "missing": services.missing_steps(election),
            "repeats": list(election.repeats.all()),
            "office": paper.office_of(village),
            "book": election.book,
            "history": history_of(election, limit=30),
        },
    )


@login_required
def candidate_minutes(request, pk):
    election = get_object_or_404(selectors.elections_for(request.user).select_related("village"), pk=pk)
    if election.candidates_on is None:
        raise Http404
    response = HttpResponse(
        documents.candidate_minutes_docx(election),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="bien-ban-danh-sach-ung-cu-{election.pk}.docx"'
    return response


def _dismissal_forms(dismissal):
    today = timezone.localdate()
    return {
        "meeting": (
            forms.DismissalMeetingForm,
            PREPARE,
            lambda by, d: services.prepare_dismissal_meeting(by=by, dismissal=dismissal, **d),
            gettext_lazy("The meeting is prepared: open voting on its page."),
        ),
        "commune": (
            forms.CommuneDecisionForm,
            PREPARE,
            lambda by, d: services.commune_decides_dismissal(by=by, dismissal=dismissal, **d),
            gettext_lazy("The commune's decision is recorded."),
        ),
        "acting": (
            forms.ActingForm,
            PREPARE,
            lambda by, d: services.appoint_acting(by=by, dismissal=dismissal, **d),
            gettext_lazy("The acting village head is recorded."),
        ),
        "withdraw": (
            forms.CancelForm,
            PREPARE,
            lambda by, d: services.withdraw_dismissal(by=by, dismissal=dismissal, **d),
            gettext_lazy("The request is withdrawn."),
        ),
        "new_election": (
            forms.NewElectionForm,
            PREPARE,
            lambda by, d: _after_dismissal(by, dismissal, d),
            gettext_lazy("The new election is decided: prepare it step by step."),
        ),
    }, {"decided_on": today, "acting_from": today, "notice_given_on": today, "plan_on": today}


def _after_dismissal(by, dismissal, data):
    if services.dismissed_on(dismissal) is None:
        raise ValidationError(_("A new head is elected once the dismissal has taken effect."))
    return services.plan_election(by=by, village=dismissal.village, after_dismissal=dismissal, **data)


@login_required
def dismissal_detail(request, pk):
    dismissal = get_object_or_404(selectors.dismissals_for(request.user).select_related("village", "matter"), pk=pk)
    village = dismissal.village
    handlers, initial = _dismissal_forms(dismissal)

    def go_to(key, result):
        if key == "new_election":
            return reverse("village_heads:election", args=[result.pk])
        return reverse("village_heads:dismissal", args=[dismissal.pk])

    done, shown = step_forms(request, handlers, initial, go_to, lambda action: can(request.user, action, village))
    if done:
        return done
    dismissal.refresh_from_db()
    return render(
        request,
        "village_heads/dismissal_detail.html",
        {
            "dismissal": dismissal,
            "forms": shown,
            "may_prepare": can(request.user, PREPARE, village),
            "failed": services.dismissal_failed_at_meeting(dismissal),
            "effective": services.dismissed_on(dismissal),
            "new_election_due": selectors.new_election_due(dismissal),
            "elections": list(dismissal.elections.all()),
            "needed": rules.petition_needed(dismissal.households, dismissal.book),
            "book": dismissal.book,
            "office": paper.office_of(village),
            "history": history_of(dismissal, limit=30),
        },
    )
