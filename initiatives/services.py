"""Writes for citizens' initiatives (Law 10/2022 Art. 16 §3). Each service is one transaction.

A household consents once, online with its code (the same brake on wrong codes as the vote: decisions.ballots) or
on a signed paper an official records; a consent counts for three months. When the consents in force reach 10% of
the village's households the initiative goes on the village head's agenda, and the village head and the Front hear
of it; the Front's village committee may also take up one that fell short.
"""

import secrets
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from decisions import ballots, codes
from grassroots.validators import plain_text
from households.models import Household
from initiatives import rules
from initiatives.models import ON_AGENDA, Initiative, InitiativeStatus, Supporter, Way
from localities.models import AdministrativeUnit, Level


def _text(value: str, field: str, most: int, missing: str) -> str:
    return plain_text(value, field, most, multiline=True, missing=missing)


@transaction.atomic
def register(*, by, village: AdministrativeUnit, title: str, proposal: str, proposers: str) -> Initiative:
    """An initiative put forward by citizens, with one row per household of the village today (each gets a code)."""
    if village.level != Level.VILLAGE or not village.is_active:
        raise ValidationError(_("An initiative belongs to the households of a village or residential group."))
    title = " ".join(_text(title, "title", 200, _("Give the initiative a title.")).split())
    proposal = _text(proposal, "proposal", 5000, _("Say what the citizens propose."))
    proposers = " ".join(_text(proposers, "proposers", 500, _("Say who proposes it.")).split())
    today = timezone.localdate()
    households = list(
        Household.objects.active().filter(village=village).select_related("representative", "head").order_by("code")
    )
    if not households:
        raise ValidationError(_("The village has no households on the register."))
    initiative = Initiative(
        village=village,
        unit_path=village.path,
        rule_version=rules.book_on(today).version,
        title=title,
        proposal=proposal,
        proposers=proposers,
        opened_on=today,
        households=len(households),
        code_salt=secrets.token_hex(16),
        created_by=by,
    )
    initiative._history_user = by
    initiative.save()
    rows = Supporter.objects.bulk_create(
        Supporter(initiative=initiative, household=h, household_code=h.code, name=_person(h), position=i)
        for i, h in enumerate(households, 1)
    )
    if rows and rows[0].pk is None:  # a backend that returns no ids from a bulk insert
        rows = list(Supporter.objects.filter(initiative=initiative))
    for row in rows:
        row.code_hash = codes.code_hash(code_of(row, initiative))
    Supporter.objects.bulk_update(rows, ["code_hash"])
    return initiative


def _person(household: Household) -> str:
    person = household.representative or household.head
    return person.full_name if person else ""


def code_of(supporter: Supporter, initiative: Initiative | None = None) -> str:
    initiative = initiative or supporter.initiative
    return codes.code_for(f"initiative:{initiative.code_salt}", supporter.pk)


def in_force(initiative: Initiative, today: date | None = None) -> int:
    """Consents still counting today: given within the last three months (rules.consent_lasts_until)."""
    today = today or timezone.localdate()
    consents = Supporter.objects.filter(initiative=initiative).exclude(consented_on=None)
    return sum(
        1
        for on in consents.values_list("consented_on", flat=True)
        if rules.consent_lasts_until(on, initiative.book) >= today
    )


def _to_agenda(initiative: Initiative, by, today: date, status: str) -> None:
    initiative.status, initiative.on_agenda_on = status, today
    initiative._history_user = by
    initiative.save(update_fields=["status", "on_agenda_on", "front_note"])
    _tell(initiative)


def _reached(initiative: Initiative, by, today: date) -> None:
    # Locked before counting: consents sent at the same moment take turns here, so the last of them sees all the
    # others committed and puts the initiative on the agenda (without the lock each counted only itself).
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if initiative.status == InitiativeStatus.COLLECTING and in_force(initiative, today) >= rules.needed(
        initiative.households, initiative.book
    ):
        _to_agenda(initiative, by, today, InitiativeStatus.REACHED)


def _tell(initiative: Initiative) -> None:
    """The village head puts it on the agenda (Art. 16 §3); the Front's staff of the commune hear of it too."""
    from accounts.models import Role, RoleAssignment, User
    from notifications.services import notify

    commune = initiative.village.parent
    ids = RoleAssignment.objects.filter(
        Q(role=Role.VILLAGE_HEAD, unit=initiative.village) | Q(role=Role.FATHERLAND_FRONT, unit=commune)
    ).values_list("user_id", flat=True)
    with override("vi"):
        notify(
            list(User.objects.filter(pk__in=ids, is_active=True)),
            title=_("A citizens' initiative goes on the village head's agenda: %(title)s")
            % {"title": initiative.title},
            body=initiative.proposal[:500],
            url=reverse("initiatives:detail", args=[initiative.pk]),
        )


class Refused(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def find(code: str, address: str, device: str = "") -> Supporter:
    """The household a code belongs to, under the same brake on wrong codes as the vote."""
    sender = ballots.Sender(address, device)
    try:
        ballots.refuse_if_braked(sender)
    except ballots.BallotRefused as refused:
        raise Refused(refused.reason) from refused
    normalised = codes.normalise(code)
    supporter = None
    if len(normalised) == codes.CODE_LENGTH:
        supporter = (
            Supporter.objects.select_related("initiative__village")
            .filter(code_hash=codes.code_hash(normalised))
            .first()
        )
    if supporter is None:
        ballots.record_failure(sender, code)
        raise Refused("unknown_code")
    if supporter.initiative.status == InitiativeStatus.WITHDRAWN:
        raise Refused("withdrawn")
    return supporter


def lapsed(supporter: Supporter, today: date | None = None) -> bool:
    """A consent older than three months no longer counts (Art. 16 §3): the household may give it again."""
    today = today or timezone.localdate()
    return (
        bool(supporter.consented_on)
        and rules.consent_lasts_until(supporter.consented_on, supporter.initiative.book) < today
    )


def _take(supporter: Supporter, **values) -> bool:
    """One conditional UPDATE: two consents sent at once with the same code count once; a lapsed consent is
    replaced by the new one."""
    rows = Supporter.objects.filter(pk=supporter.pk)
    if supporter.consented_on is None:
        rows = rows.filter(consented_on=None)
    elif lapsed(supporter):
        rows = rows.filter(consented_on=supporter.consented_on)
    else:
        return False
    return bool(rows.update(**values))


@transaction.atomic
def consent_online(*, code: str, address: str, device: str = "") -> Supporter:
    supporter = find(code, address, device)
    today = timezone.localdate()
    if not _take(supporter, consented_on=today, via=Way.ONLINE, recorded_by=None):
        raise Refused("already")
    supporter.refresh_from_db()
    _reached(supporter.initiative, None, today)
    supporter.initiative.refresh_from_db()
    return supporter


@transaction.atomic
def record_paper(*, by, supporter: Supporter, consented_on: date) -> Supporter:
    """A household's signed paper, typed in by an official: the day it was signed, not before registration."""
    initiative = supporter.initiative
    today = timezone.localdate()
    if initiative.status == InitiativeStatus.WITHDRAWN:
        raise ValidationError(_("The initiative was withdrawn."))
    if consented_on > today:
        raise ValidationError({"consented_on": [_("This date is still to come.")]})
    if consented_on < initiative.opened_on:
        raise ValidationError(
            {
                "consented_on": [
                    _("The initiative was registered later, on %(day)s.") % {"day": f"{initiative.opened_on:%d/%m/%Y}"}
                ]
            }
        )
    if not _take(supporter, consented_on=consented_on, via=Way.PAPER, recorded_by=by):
        raise ValidationError(_("This household has already consented."))
    supporter.refresh_from_db()
    supporter._history_user = by
    supporter.save(update_fields=["recorded_by"])  # the history row: who typed the paper in, and when
    _reached(initiative, by, today)
    return supporter


@transaction.atomic
def take_up(*, by, initiative: Initiative, note: str) -> Initiative:
    """Fewer than 10% consented: the Front's village committee may take the initiative up (Art. 16 §3)."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if initiative.status in ON_AGENDA:
        raise ValidationError(_("The initiative went on the village head's agenda before: nothing to take up."))
    if initiative.status != InitiativeStatus.COLLECTING:
        raise ValidationError(_("The initiative was withdrawn."))
    initiative.front_note = _text(note, "note", 5000, _("Say why the committee takes it up."))
    _to_agenda(initiative, by, timezone.localdate(), InitiativeStatus.TAKEN_UP)
    return initiative


@transaction.atomic
def withdraw(*, by, initiative: Initiative, reason: str) -> Initiative:
    """The proposers withdraw their initiative (in writing: the official records why); the Front hears of it."""
    from accounts.models import Role, RoleAssignment, User
    from notifications.services import notify

    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if initiative.status != InitiativeStatus.COLLECTING:
        raise ValidationError(_("Only an initiative still gathering consents is withdrawn."))
    initiative.withdraw_reason = _text(reason, "reason", 5000, _("Say why the proposers withdraw it."))
    initiative.status = InitiativeStatus.WITHDRAWN
    initiative._history_user = by
    initiative.save(update_fields=["status", "withdraw_reason"])
    ids = RoleAssignment.objects.filter(role=Role.FATHERLAND_FRONT, unit=initiative.village.parent).values_list(
        "user_id", flat=True
    )
    with override("vi"):
        notify(
            list(User.objects.filter(pk__in=ids, is_active=True)),
            title=_("A citizens' initiative was withdrawn: %(title)s") % {"title": initiative.title},
            body=initiative.withdraw_reason,
            url=reverse("initiatives:detail", args=[initiative.pk]),
        )
    return initiative


def consent_url(code: str) -> str:
    # As a vote's: the code in the fragment, which browsers never send, so that no log records it.
    from django.conf import settings

    return f"{settings.SITE_URL}/bieu-quyet/sang-kien/#{code}"
