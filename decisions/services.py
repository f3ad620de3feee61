"""Writes for household decisions. Each service is one transaction; views, the API and commands call them.

Permission checks belong to the caller (the scoping layer); services check the data and the law. Every way
of voting claims the household's roll entry with the same conditional UPDATE (`_claim`), so a household
that voted one way cannot vote another, whichever comes first.
"""

import hashlib
import hmac
import secrets
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from decisions import codes, ledger, rules, secrecy, witness
from decisions.models import (
    LANES,
    VOTED,
    BallotRound,
    ChainHead,
    CountingSlip,
    EntryKind,
    LedgerEntry,
    Matter,
    MatterDocument,
    MatterStatus,
    MatterType,
    Option,
    Recognition,
    RollEntry,
    RollEvent,
    Source,
    Tally,
    Way,
)
from disclosures.files import check_upload
from grassroots.validators import reject_html
from grassroots.working_days import add_working_days
from households.models import Household, Resident
from households.rules import is_eligible_voter
from localities.models import AdministrativeUnit, Level

YES_NO_OPTIONS = [("yes", "Đồng ý"), ("no", "Không đồng ý")]


@dataclass
class MatterInput:
    matter_type: str
    title: str
    question: str
    ballot_kind: str
    options: list[str] = field(default_factory=list)  # labels, for choose_one / choose_up_to
    max_choices: int = 1
    seats: int = 1
    is_secret: bool = False
    electorate: str = ""
    meeting_at: datetime | None = None
    meeting_place: str = ""
    online_voting: bool | None = None  # None: as the matter's rule allows (online only for other self-managed work)
    notice_given_on: date | None = None  # None: announced the day the matter is made


def _check_input(data: MatterInput, *, ballot_round: bool = False) -> dict[str, list[str]]:
    """What is wrong with a new matter; `ballot_round`: it is the household ballot round after a meeting."""
    errors: dict[str, list[str]] = {}

    def add(key, message):
        errors.setdefault(key, []).append(message)

    if data.matter_type not in MatterType.values:
        add("matter_type", _("Choose the kind of matter."))
        return errors
    rule = rules.book_in_force().rules[data.matter_type]
    for key in ("title", "question", "meeting_place"):
        try:
            reject_html(getattr(data, key))
        except ValidationError as exc:
            errors.setdefault(key, []).extend(exc.messages)
    if len(data.title.strip()) < 3:
        add("title", _("Enter a title."))
    if data.meeting_at:
        announced = data.notice_given_on or timezone.localdate()
        held = timezone.localtime(data.meeting_at).date()
        earliest = announced + timedelta(days=rules.MEETING_NOTICE_DAYS)
        if data.notice_given_on and data.notice_given_on > timezone.localdate():
            add("notice_given_on", _("Record the notice once it has gone out, not in advance."))
        elif held < earliest:
            add(
                "meeting_at",
                _(
                    "Households are told of a meeting at least %(days)d days before it (%(article)s): announced on "
                    "%(announced)s, the meeting can be held from %(earliest)s."
                )
                % {
                    "days": rules.MEETING_NOTICE_DAYS,
                    "article": rules.MEETING_NOTICE_ARTICLE,
                    "announced": announced.strftime("%d/%m/%Y"),
                    "earliest": earliest.strftime("%d/%m/%Y"),
                },
            )
    if rule.meeting_required and not data.meeting_at and not ballot_round:
        add(
            "meeting_at",
            _(
                "This matter is decided at a meeting of the community (%(article)s): set the meeting's time. Household "
                "ballot sheets follow only a meeting that could not reach the threshold."
            )
            % {"article": rules.MEETING_REQUIRED_ARTICLE},
        )
    if len(data.question.strip()) < 5:
        add("question", _("Write the question residents will answer."))
    if data.ballot_kind not in [k.value for k in rule.ballot_kinds]:
        add("ballot_kind", _("This kind of ballot cannot be used for this matter."))
    if data.electorate and data.electorate not in [e.value for e in rule.electorates]:
        add("electorate", _("The law does not let this group vote on this matter."))
    if rule.secret_required and not data.is_secret:
        add("is_secret", _("Elections and dismissals are decided by secret ballot."))
    if data.online_voting and not rule.online_allowed:
        add(
            "online_voting",
            _("Online voting is lawful only for other self-managed work of the community (%(article)s).")
            % {"article": f"{rules.LAW} Điều 17 khoản 2"},
        )
    if data.ballot_kind != rules.BallotKind.YES_NO:
        labels = [label.strip() for label in data.options if label.strip()]
        # A village head's election may have one name: the Front's list holds "at least one" (Decree 59/2023 Art. 6),
        # who is elected only with more than half of all households.
        if len(labels) < (1 if data.matter_type == "village_head_election" else 2):
            add("options", _("Give at least two options or candidates, one per line."))
        if len({label.casefold() for label in labels}) != len(labels):
            add("options", _("Two options have the same name."))
        for label in labels:
            try:
                reject_html(label)
            except ValidationError as exc:
                errors.setdefault("options", []).extend(exc.messages)
        if data.ballot_kind == rules.BallotKind.CHOOSE_UP_TO:
            if not 1 <= data.seats <= max(1, len(labels) - 1):
                add("seats", _("There must be fewer seats than candidates."))
            if data.max_choices < data.seats:
                add("max_choices", _("A ballot may mark at least as many names as there are seats."))
            elif data.max_choices > len(labels):
                add("max_choices", _("A ballot cannot mark more names than there are candidates."))
    return errors


@transaction.atomic
def create_matter(
    *,
    by,
    village: AdministrativeUnit,
    data: MatterInput,
    revote_of: Matter | None = None,
    ballot_round: bool = False,
    prepared: bool = False,
) -> Matter:
    """A new matter; `prepared`: made by the preparation its kind needs first (a village head's election or
    dismissal: village_heads.services, after the steps of Decree 59/2023 Art. 6 and 9)."""
    if village.level != Level.VILLAGE or not village.is_active:
        raise ValidationError(_("Matters are decided by the households of a village or residential group."))
    if data.matter_type in rules.PREPARED_ELSEWHERE and not (prepared or ballot_round):
        where = (
            _(
                "A village convention is put to the vote from the Conventions page, once its draft was with the "
                "residents."
            )
            if data.matter_type == MatterType.VILLAGE_CONVENTION
            else _("A village head is elected or dismissed from the Village heads page, step by step.")
        )
        raise ValidationError({"matter_type": [where]})
    errors = _check_input(data, ballot_round=ballot_round)
    if errors:
        raise ValidationError(errors)
    book = rules.book_in_force()
    rule = book.rules[data.matter_type]
    kind = rules.BallotKind(data.ballot_kind)
    matter = Matter(
        village=village,
        unit_path=village.path,
        matter_type=data.matter_type,
        rule_version=book.version,
        title=data.title.strip(),
        question=data.question.strip(),
        ballot_kind=kind,
        max_choices=data.max_choices if kind is rules.BallotKind.CHOOSE_UP_TO else 1,
        seats=data.seats if kind is rules.BallotKind.CHOOSE_UP_TO else 1,
        is_secret=data.is_secret or rule.secret_required,
        electorate=data.electorate or rule.electorates[0],
        meeting_at=data.meeting_at,
        meeting_place=data.meeting_place.strip(),
        notice_given_on=(data.notice_given_on or timezone.localdate()) if data.meeting_at else None,
        online_voting=rule.online_allowed if data.online_voting is None else data.online_voting,
        revote_of=revote_of,
        round=(revote_of.round + 1) if revote_of else 1,
        created_by=by,
    )
    matter._history_user = by
    matter.save()
    if kind is rules.BallotKind.YES_NO:
        pairs = YES_NO_OPTIONS
    else:
        pairs = [(f"c{i}", label.strip()) for i, label in enumerate((x for x in data.options if x.strip()), 1)]
    Option.objects.bulk_create(
        Option(matter=matter, key=key, label=label, position=i) for i, (key, label) in enumerate(pairs)
    )
    return matter


@transaction.atomic
def add_option(*, by, matter: Matter, label: str) -> Option:
    """A choice added before voting opens: a candidate who stands or is nominated at the meeting (Decree 59/2023
    Art. 3 §5(b))."""
    matter = Matter.objects.select_for_update().get(pk=matter.pk)
    if matter.status != MatterStatus.DRAFT:
        raise ValidationError(_("Choices are added before voting opens."))
    if matter.ballot_kind == rules.BallotKind.YES_NO:
        raise ValidationError(_("An agree-or-disagree question has no other choices."))
    label = " ".join(label.split())
    reject_html(label)
    if not label or len(label) > 200:
        raise ValidationError(_("A choice has 1 to 200 characters."))
    options = list(matter.options.all())
    if label.casefold() in {o.label.casefold() for o in options}:
        raise ValidationError(_("This choice is already on the ballot."))
    option = Option.objects.create(
        matter=matter,
        key=f"c{len(options) + 1}",
        label=label,
        position=max((o.position for o in options), default=-1) + 1,
    )
    return option  # who added it, how and when: village_heads.Candidate, with its history


def put_at_meeting(
    *, by, village, matter_type: str, title: str, question: str, meeting_at, meeting_place: str, notice_given_on
) -> Matter:
    """An agree-or-disagree question decided at a meeting, made by the preparation its kind needs (a dismissal, a
    convention: village_heads, conventions)."""
    return create_matter(
        by=by,
        village=village,
        data=MatterInput(
            matter_type=matter_type,
            title=title,
            question=question,
            ballot_kind="yes_no",
            meeting_at=meeting_at,
            meeting_place=meeting_place,
            notice_given_on=notice_given_on,
            online_voting=False,
        ),
        prepared=True,
    )


@transaction.atomic
def cancel_draft(*, by, matter: Matter) -> Matter:
    """A matter never put to the vote, given up (its election or dismissal was cancelled)."""
    matter = Matter.objects.select_for_update().get(pk=matter.pk)
    if matter.status != MatterStatus.DRAFT:
        raise ValidationError(_("Only a vote not yet opened is cancelled."))
    _set_status(matter, MatterStatus.CANCELLED, by)
    return matter


@transaction.atomic
def choose_ballot_method(*, by, matter: Matter, is_secret: bool) -> Matter:
    """Show of hands or secret ballot, as the attendees choose at the meeting before voting (Law 10/2022 Art. 18 §4;
    Decree 59/2023 Art. 3 §5(b))."""
    matter = Matter.objects.select_for_update().get(pk=matter.pk)
    if matter.status != MatterStatus.DRAFT:
        raise ValidationError(_("The way of voting is chosen before voting opens."))
    if matter.rule.secret_required and not is_secret:
        raise ValidationError(_("This matter is decided by secret ballot."))
    matter.is_secret = is_secret
    matter._history_user = by
    matter.save(update_fields=["is_secret"])
    return matter


@transaction.atomic
def attach_documents(*, by, matter: Matter, files: list) -> list[MatterDocument]:
    """The papers residents read before voting (the draft convention, the estimate of the works…). Checked like
    disclosure attachments; added until voting closes, never removed."""
    if matter.status not in (MatterStatus.DRAFT, MatterStatus.OPEN):
        raise ValidationError(_("Documents are added before voting closes."))
    errors, checked = [], []
    for uploaded in files:
        try:
            checked.append(check_upload(uploaded))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError({"files": errors})
    documents = []
    for item in checked:
        document = MatterDocument(
            matter=matter, name=item.name, content_type=item.content_type, size=item.size, sha256=item.sha256
        )
        document.file.save(
            f"{secrets.token_hex(16)}.{item.name.rsplit('.', 1)[-1]}", ContentFile(item.content), save=False
        )
        document._history_user = by
        document.save()
        documents.append(document)
    return documents


def _frozen_roll(matter: Matter, today: date) -> list[RollEntry]:
    """The roll as the registry stands now: active households with a representative, or eligible voters."""
    entries = []
    households = Household.objects.active().filter(village=matter.village).order_by("code")
    if matter.electorate == rules.Electorate.HOUSEHOLDS:
        for household in households.select_related("representative", "head"):
            person = household.representative or household.head
            entries.append(
                RollEntry(
                    household=household,
                    resident=person,
                    household_code=household.code,
                    name=person.full_name if person else "",
                    address=household.address,
                )
            )
    else:
        residents = (
            Resident.objects.filter(household__in=households, is_active=True)
            .select_related("household")
            .order_by("household__code", "id")
        )
        for resident in residents:
            if is_eligible_voter(resident.date_of_birth, today):
                entries.append(
                    RollEntry(
                        household=resident.household,
                        resident=resident,
                        household_code=resident.household.code,
                        name=resident.full_name,
                        address=resident.household.address,
                    )
                )
    for position, entry in enumerate(entries, 1):
        entry.matter = matter
        entry.position = position
    return entries


@transaction.atomic
def open_voting(*, by, matter: Matter, now: datetime | None = None) -> Matter:
    """Freeze the roll, give each entry its one-time code, and start the ledger."""
    now = now or timezone.now()
    matter = Matter.objects.select_for_update().get(pk=matter.pk)
    if matter.status != MatterStatus.DRAFT:
        raise ValidationError(_("Voting on this matter has already been opened."))
    if encrypts_online_ballots(matter) and not matter.encryption:
        raise ValidationError(_("Name the counting team and hand out its key slips before voting opens."))
    undrawn = CountingSlip.objects.filter(matter=matter, drawn_at=None).count()
    if encrypts_online_ballots(matter) and undrawn:
        raise ValidationError(
            _("%(n)s members of the counting team have not drawn their slip yet: voting opens once all have.")
            % {"n": undrawn}
        )
    entries = _frozen_roll(matter, timezone.localdate(now))
    if not entries:
        raise ValidationError(_("The village has no households on the registry: there is no one to vote."))
    _require_online_chosen(matter, len(entries))
    RollEntry.objects.bulk_create(entries, batch_size=2000)
    matter.code_salt = secrets.token_hex(16)
    assign_codes(matter)
    matter.roll_size = len(entries)
    ledger.create_chains(matter)
    keys = [ledger.VALID_KEY, ledger.INVALID_KEY]
    if not matter.encryption:  # an encrypted ballot adds only to the valid count until the totals are opened
        keys += Option.objects.filter(matter=matter).values_list("key", flat=True)
    Tally.objects.bulk_create(
        Tally(matter=matter, lane=lane, source=Source.ONLINE, key=key) for lane in range(LANES) for key in keys
    )
    matter.status = MatterStatus.OPEN
    matter.roll_size = len(entries)
    matter.opened_at = now
    matter._history_user = by
    matter.save()
    return matter


def _require_online_chosen(matter: Matter, roll: int) -> None:
    """Online voting only where the matter's rule allows it (Law 10/2022 Art. 17 §2: a draft made before the rules were
    read may still ask for it), and only once more than half of all households on the roll chose it (Decree 59/2023
    Art. 5 §2(c))."""
    if matter.online_voting and not matter.rule.online_allowed:
        raise ValidationError(
            _("Online voting is lawful only for other self-managed work of the community (%(article)s).")
            % {"article": f"{rules.LAW} Điều 17 khoản 2"}
        )
    if not (matter.online_voting and matter.rule.online_needs_choice):
        return
    chosen = matter.online_chosen_households or 0
    if matter.online_chosen_on is None or not rules.more_than_half(chosen, roll):
        raise ValidationError(
            _(
                "Online voting is held only after more than half of all households chose it (%(article)s): record "
                "how and when at least %(needed)s of the %(roll)s households did, or open the vote without online "
                "voting."
            )
            % {"article": f"{rules.DECREE} Điều 5", "needed": roll // 2 + 1, "roll": roll}
        )


@transaction.atomic
def record_online_choice(*, by, matter: Matter, chosen_on: date, households: int, how: str) -> Matter:
    """Record the households' preliminary choice of online voting (Decree 59/2023 Art. 5 §2(c)) before opening."""
    matter = Matter.objects.select_for_update().get(pk=matter.pk)
    if matter.status != MatterStatus.DRAFT:
        raise ValidationError(_("The households' choice of online voting is recorded before voting opens."))
    if not (matter.online_voting and matter.rule.online_needs_choice):
        raise ValidationError(_("This matter is not voted on online."))
    errors: dict[str, list[str]] = {}
    active = Household.objects.active().filter(village=matter.village).count()
    if not 0 <= households <= active:
        errors["households"] = [_("Enter a number from 0 to %(n)s, the households of the village.") % {"n": active}]
    if chosen_on > timezone.localdate():
        errors["chosen_on"] = [_("The date cannot be in the future.")]
    try:
        reject_html(how)
    except ValidationError as exc:
        errors["how"] = exc.messages
    if len(how.strip()) < 3:
        errors.setdefault("how", []).append(_("Say how the households chose it (a meeting, ballot sheets…)."))
    if errors:
        raise ValidationError(errors)
    matter.online_chosen_on, matter.online_chosen_households = chosen_on, households
    matter.online_chosen_how = how.strip()
    matter._history_user = by
    matter.save(update_fields=["online_chosen_on", "online_chosen_households", "online_chosen_how"])
    return matter


def encrypts_online_ballots(matter: Matter) -> bool:
    return matter.is_secret and matter.online_voting


@dataclass(frozen=True)
class DrawLink:
    """What the official hands to one member of the counting team: the link where the member draws their slip."""

    member: int
    name: str
    token: str

    @property
    def url(self) -> str:
        # The token travels in the fragment, which browsers never send: no access log holds it.
        return f"{settings.SITE_URL}{reverse('voting:slip_draw')}#{self.token}"


@transaction.atomic
def prepare_counting_team(*, by, matter: Matter, names: list[str]) -> list[DrawLink]:
    """The counting team (Ban kiểm phiếu) of a secret ballot, and the key its online ballots are encrypted with.

    Each member gets a slip with a share of the key; a majority of them open the totals at closing. The official
    gets one link per member, not the slips: each member opens their own link on their own device and draws their
    slip there, once (draw_slip). The links are returned here, once; a new team (before any member drew a slip)
    makes new ones and the old links stop working. Once a member has drawn, the key is theirs: new slips would take
    it from them without their knowing (the one who drew the new links would hold the whole key), so none are made;
    a majority of the slips still opens the totals if one is lost."""
    matter = Matter.objects.select_for_update().get(pk=matter.pk)
    if matter.status != MatterStatus.DRAFT:
        raise ValidationError(_("The counting team's slips are made before voting opens."))
    if CountingSlip.objects.filter(matter=matter).exclude(drawn_at=None).exists():
        raise ValidationError(
            _(
                "A member of the counting team has already drawn a slip: new slips would take the key from the "
                "members without their knowing, so they cannot be made. A majority of the slips opens the totals; "
                "if more are lost, cancel this vote and put the matter again."
            )
        )
    if not encrypts_online_ballots(matter):
        raise ValidationError(_("Only a secret ballot with online voting needs the counting team's key."))
    sizes = rules.COUNTING_TEAM_SIZES
    names = _team(
        names,
        sizes,
        _("The counting team has %(least)s to %(most)s members (Decree 59/2023 Art. 3 §5).")
        % {"least": sizes[0], "most": sizes[-1]},
    )
    dealt = secrecy.deal(len(names))
    matter.encryption = {
        "public_key": dealt.public_key,
        "threshold": dealt.threshold,
        "team": names,
        "keys": dealt.verification_keys,
    }
    matter._history_user = by
    matter.save(update_fields=["encryption"])
    CountingSlip.objects.filter(matter=matter).delete()
    links = [DrawLink(i, name, secrets.token_urlsafe(18)) for i, name in enumerate(names, 1)]
    CountingSlip.objects.bulk_create(
        CountingSlip(
            matter=matter,
            member=link.member,
            name=link.name,
            token_hash=_slip_hash(link.token),
            sealed=secrecy.seal_slip(link.token, code),
        )
        for link, code in zip(links, dealt.shares, strict=True)
    )
    return links


def _slip_hash(token: str) -> str:
    return hashlib.sha256(f"grassroots/slip/{token}".encode()).hexdigest()


@dataclass(frozen=True)
class Drawn:
    slip: CountingSlip
    code: str  # "" when it had already been drawn: the code is shown once


@transaction.atomic
def draw_slip(token: str, now: datetime | None = None) -> Drawn | None:
    """A member draws their slip: its code once, then erased from the database. Drawn again, the link says when it
    was drawn and shows nothing, so a member whose slip someone else drew first finds out. None for a link that
    is not (or no longer) one: of another team, or of a vote already closed."""
    if not token or len(token) > 64:
        return None
    slip = (
        CountingSlip.objects.select_for_update(of=("self",))
        .select_related("matter", "matter__village")
        .filter(token_hash=_slip_hash(token))
        .exclude(matter__status__in=VOTED)
        .first()
    )
    if slip is None:
        return None
    # The matter's lock, which making new slips takes too: a draw and a new team never cross (a new team made while
    # a member drew would take the key from them).
    list(Matter.objects.select_for_update().filter(pk=slip.matter_id).values_list("pk"))
    slip = CountingSlip.objects.select_related("matter", "matter__village").filter(pk=slip.pk).first()
    if slip is None:  # a new team was made meanwhile: this link is no longer one
        return None
    if slip.drawn_at is not None:
        return Drawn(slip, "")
    code = secrecy.open_slip(token, slip.sealed)
    slip.drawn_at, slip.sealed = now or timezone.now(), ""
    slip.save(update_fields=["drawn_at", "sealed"])
    return Drawn(slip, code)


def assign_codes(matter: Matter) -> None:
    ids = list(RollEntry.objects.filter(matter=matter).values_list("id", flat=True))
    with connection.cursor() as cursor:
        hashes = [(codes.code_hash(codes.code_for(matter.code_salt, entry_id)), entry_id) for entry_id in ids]
        cursor.executemany(
            "UPDATE decisions_rollentry SET code_hash = %s, code_check = %s WHERE id = %s",
            [(hashed, codes.code_check(hashed, entry_id), entry_id) for hashed, entry_id in hashes],
        )
    ledger.seal_roll_states(matter.pk)


def code_of(entry: RollEntry) -> str:
    """A household's code, for the demo and tests: officials see codes only through reveal_codes."""
    return codes.code_for(entry.matter.code_salt, entry.pk)


@transaction.atomic
def reveal_codes(*, by, matter: Matter, entries, now: datetime | None = None) -> list[tuple[RollEntry, str]]:
    """The codes of `entries` for printing their sheets, each reveal recorded with who and when, and whether the
    household had voted by then. Only while voting is open: before, there are no codes; after, none is needed."""
    now = now or timezone.now()
    _require_open(matter)
    entries = list(entries)
    shown = [(entry, codes.code_for(matter.code_salt, entry.pk)) for entry in entries]
    _require_codes_that_open(shown)
    RollEvent.objects.bulk_create(
        RollEvent(
            matter=matter, entry=entry, kind=RollEvent.Kind.CODE_SHOWN, by=by, at=now, had_voted=bool(entry.voted_via)
        )
        for entry in entries
    )
    return shown


def _require_codes_that_open(shown: list[tuple[RollEntry, str]]) -> None:
    """A sheet must never carry a code that its household's entry refuses: the key the codes were made with is not
    this server's now (SECRET_KEY changed since voting opened), or the entries were changed in the database."""
    if any(not hmac.compare_digest(codes.code_hash(code), entry.code_hash or "") for entry, code in shown):
        raise ValidationError(
            _(
                "The household codes of this vote do not match the server's key: was SECRET_KEY changed since voting "
                "opened? No sheet is printed. Tell the system administrator; the ledger check shows what is wrong."
            )
        )


def _require_open(matter: Matter) -> None:
    if matter.status != MatterStatus.OPEN:
        raise ValidationError(_("Voting on this matter is not open."))


def _untampered(entry: RollEntry) -> bool:
    """Whether the entry's state is one the server wrote (its state check holds): an officer's action then writes
    a new check; on an entry changed in the database it would launder the change, so it is refused instead."""
    expected = ledger.roll_state_check(
        entry.pk, entry.matter_id, entry.voted_via, entry.attended, entry.sheet_issued, entry.sheet_returned
    )
    return hmac.compare_digest(entry.state_check, expected)


def _require_untampered(entry: RollEntry) -> None:
    if not _untampered(entry):
        raise ValidationError(
            _(
                "This household's entry on the roll was changed outside the system, so it cannot be used here."
                " The ledger check reports it: tell the commune."
            )
        )


def _claim(entry: RollEntry, way: str) -> bool:
    """Mark the entry as having voted by `way` if it has not voted by any way; True when this call did."""
    claimed = RollEntry.objects.filter(pk=entry.pk, voted_via="").update(voted_via=way) == 1
    if claimed:
        entry.voted_via = way
    else:
        entry.refresh_from_db(fields=["voted_via"])
    return claimed


def _event(entry: RollEntry, kind: str, by, now, attempted_via: str = "", note: str = "") -> RollEvent:
    return RollEvent.objects.create(
        matter_id=entry.matter_id, entry=entry, kind=kind, by=by, at=now, attempted_via=attempted_via, note=note
    )


@dataclass
class CheckIn:
    entry: RollEntry
    votes_here: bool  # False: it already voted another way, and must not vote again at the meeting
    already: bool = False  # it had already checked in


@transaction.atomic
def check_in(*, by, entry: RollEntry, now: datetime | None = None) -> CheckIn:
    """Record a household's attendance at the meeting. It votes at the meeting unless it voted another way."""
    now = now or timezone.now()
    _require_open(entry.matter)
    if BallotRound.objects.filter(matter_id=entry.matter_id, after_meeting_of__isnull=False).exclude(
        after_meeting_of_id=entry.matter_id
    ):
        # The round every household answers afresh after a meeting that fell short: its meeting is over.
        raise ValidationError(_("This matter is decided on ballot sheets: there is no meeting to check in to."))
    entry = RollEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.attended:
        return CheckIn(entry, entry.voted_via == Way.MEETING, already=True)
    _require_untampered(entry)
    RollEntry.objects.filter(pk=entry.pk).update(attended=True)
    entry.attended = True
    claimed = _claim(entry, Way.MEETING)
    ledger.seal_roll_states(entry.matter_id, [entry.pk])
    if claimed:
        _event(entry, RollEvent.Kind.CHECK_IN, by, now)
        return CheckIn(entry, True)
    _event(entry, RollEvent.Kind.CHECK_IN, by, now)
    _event(entry, RollEvent.Kind.REFUSED, by, now, attempted_via=Way.MEETING)
    return CheckIn(entry, False)


@transaction.atomic
def issue_sheets(*, by, matter: Matter, entries=None, now: datetime | None = None) -> int:
    """Mark ballot sheets as issued (all entries not yet voted, by default); returns how many were new."""
    now = now or timezone.now()
    _require_open(matter)
    _require_ballot_round(matter, timezone.localdate(now))
    qs = RollEntry.objects.filter(matter=matter, sheet_issued=False)
    if entries is not None:
        qs = qs.filter(pk__in=[e.pk for e in entries])
    else:
        qs = qs.filter(voted_via="")
    first = RollEntry.objects.filter(matter=matter).order_by("position").first()
    if first is not None:
        _require_codes_that_open([(first, codes.code_for(matter.code_salt, first.pk))])
    ids = [entry.pk for entry in qs.select_for_update() if _untampered(entry)]  # a changed entry gets no sheet
    RollEntry.objects.filter(pk__in=ids).update(sheet_issued=True)
    ledger.seal_roll_states(matter.pk, ids)
    RollEvent.objects.bulk_create(
        RollEvent(matter=matter, entry_id=i, kind=RollEvent.Kind.SHEET_ISSUED, by=by, at=now) for i in ids
    )
    return len(ids)


@transaction.atomic
def return_sheet(*, by, entry: RollEntry, now: datetime | None = None) -> bool:
    """Register a household's returned sheet. False when it already voted another way: the sheet is set
    aside and not counted, and the officer sees the conflict."""
    now = now or timezone.now()
    _require_open(entry.matter)
    entry = RollEntry.objects.select_for_update().select_related("matter").get(pk=entry.pk)
    if not entry.sheet_issued:
        raise ValidationError(_("No ballot sheet was issued to this household."))
    if entry.sheet_returned:
        raise ValidationError(_("This household's sheet has already been returned."))
    _require_untampered(entry)
    if not _claim(entry, Way.SHEET):
        _event(entry, RollEvent.Kind.REFUSED, by, now, attempted_via=Way.SHEET)
        return False
    RollEntry.objects.filter(pk=entry.pk).update(sheet_returned=True)
    entry.sheet_returned = True
    ledger.seal_roll_states(entry.matter_id, [entry.pk])
    _event(entry, RollEvent.Kind.SHEET_RETURNED, by, now)
    return True


@transaction.atomic
def enter_sheet_ballot(*, by, entry: RollEntry, choices: list[str] | None, now: datetime | None = None) -> str:
    """Enter one returned sheet of an open (not secret) ballot; None as choices records an invalid sheet."""
    now = now or timezone.now()
    matter = entry.matter
    _require_open(matter)
    if matter.is_secret:
        raise ValidationError(_("Sheets of a secret ballot are counted together, never entered one by one."))
    entry = RollEntry.objects.select_for_update().get(pk=entry.pk)
    _require_untampered(entry)
    if entry.voted_via != Way.SHEET or not entry.sheet_returned:
        raise ValidationError(_("Register the sheet as returned before entering it."))
    if RollEvent.objects.filter(entry=entry, kind=RollEvent.Kind.SHEET_ENTERED).exists():
        raise ValidationError(_("This sheet has already been entered."))
    keys = list(matter.options.values_list("key", flat=True))
    if choices is not None:
        problem = rules.check_choices(matter.kind, choices, keys, matter.choice_limit)
        if problem:
            raise ValidationError(_("The marks on this sheet are not a valid ballot; enter it as invalid."))
        choices = [k for k in keys if k in choices]
    receipt = codes.new_receipt()
    payload = ledger.ballot_payload(Source.PAPER, receipt, choices, entry.household_code)
    ledger.append(matter.pk, 0, EntryKind.BALLOT, Source.PAPER, payload, receipt)
    cells = [ledger.INVALID_KEY] if choices is None else [ledger.VALID_KEY, *choices]
    _add_to_tally(matter, Source.PAPER, {key: 1 for key in cells})
    _event(entry, RollEvent.Kind.SHEET_ENTERED, by, now)
    return receipt


def _add_to_tally(matter: Matter, source: str, cells: dict[str, int]) -> None:
    for key, n in cells.items():
        updated = Tally.objects.filter(matter=matter, lane=0, source=source, key=key).update(n=F("n") + n)
        if not updated:
            Tally.objects.create(matter=matter, lane=0, source=source, key=key, n=n)


@dataclass
class EnteredCount:
    """A count typed in from the meeting or from the ballot box."""

    source: str  # Source.MEETING or Source.SHEET
    votes: dict[str, int]
    invalid: int = 0
    valid: int | None = None  # needed for choose-up-to, where one ballot marks several names
    returned: int | None = None  # sheets in the box (ballot sheets only)


def _ways_count(matter: Matter) -> dict[str, int]:
    rows = RollEntry.objects.filter(matter=matter).values("voted_via").annotate(n=Count("id")).order_by()
    return {row["voted_via"]: row["n"] for row in rows}


def check_count(matter: Matter, count: EnteredCount) -> tuple[int, dict[str, int]]:
    """Refuse impossible numbers; returns (valid ballots, votes per option)."""
    keys = list(matter.options.values_list("key", flat=True))
    votes = {key: int(count.votes.get(key) or 0) for key in keys}
    if any(n < 0 for n in votes.values()) or count.invalid < 0 or (count.valid or 0) < 0:
        raise ValidationError(_("Counts cannot be negative."))
    if set(count.votes) - set(keys):
        raise ValidationError(_("The count names an option that is not on the ballot."))
    marked = sum(votes.values())
    if matter.kind is rules.BallotKind.CHOOSE_UP_TO:
        valid = count.valid if count.valid is not None else 0
        if any(n > valid for n in votes.values()):
            raise ValidationError(_("A candidate cannot have more votes than there are valid ballots."))
        if marked > valid * matter.choice_limit or (valid and marked < valid):
            raise ValidationError(
                _("With %(valid)s valid ballots, the marks must add up to between %(valid)s and %(most)s.")
                % {"valid": valid, "most": valid * matter.choice_limit}
            )
    else:
        valid = marked
        if count.valid is not None and count.valid != marked:
            raise ValidationError(
                _("Each valid ballot marks one option: the options add up to %(marked)s, not %(valid)s valid.")
                % {"marked": marked, "valid": count.valid}
            )
    ways = _ways_count(matter)
    if count.source == Source.MEETING:
        voting_here = ways.get(Way.MEETING, 0)
        if valid + count.invalid > voting_here:
            raise ValidationError(
                _("Only %(n)s households checked in to vote at the meeting, but %(counted)s votes were counted.")
                % {"n": voting_here, "counted": valid + count.invalid}
            )
    elif count.source == Source.SHEET:
        issued = RollEntry.objects.filter(matter=matter, sheet_issued=True).count()
        entered = RollEvent.objects.filter(matter=matter, kind=RollEvent.Kind.SHEET_ENTERED).count()
        registered = RollEntry.objects.filter(matter=matter, sheet_returned=True).count() - entered
        returned = count.returned if count.returned is not None else valid + count.invalid
        if returned > issued:
            raise ValidationError(
                _("%(returned)s sheets returned is more than the %(issued)s issued.")
                % {"returned": returned, "issued": issued}
            )
        if valid + count.invalid != returned:
            raise ValidationError(
                _("Valid (%(valid)s) and invalid (%(invalid)s) sheets must add up to the %(returned)s returned.")
                % {"valid": valid, "invalid": count.invalid, "returned": returned}
            )
        if returned != registered:
            raise ValidationError(
                _("The register shows %(registered)s sheets returned (and not entered one by one), not %(returned)s.")
                % {"registered": registered, "returned": returned}
            )
    else:
        raise ValidationError(_("Counts are entered for the meeting or for the ballot sheets."))
    return valid, votes


@transaction.atomic
def enter_count(*, by, matter: Matter, count: EnteredCount, now: datetime | None = None) -> None:
    """Record a count in the ledger and make it the live count of its source (a later one replaces it)."""
    now = now or timezone.now()
    matter = Matter.objects.select_for_update().get(pk=matter.pk)
    _require_open(matter)
    valid, votes = check_count(matter, count)
    payload = ledger.count_payload(count.source, valid, count.invalid, votes, by.pk if by else None, now.isoformat())
    ledger.append(matter.pk, 0, EntryKind.COUNT, count.source, payload, None)
    Tally.objects.filter(matter=matter, source=count.source).delete()
    cells = {**votes, ledger.VALID_KEY: valid, ledger.INVALID_KEY: count.invalid}
    Tally.objects.bulk_create(Tally(matter=matter, lane=0, source=count.source, key=k, n=n) for k, n in cells.items())


def counts_for_rules(matter: Matter) -> rules.Counts:
    totals = ledger.live_totals(matter.pk)
    summed = {}
    for cells in totals.values():
        for key, n in cells.items():
            summed[key] = summed.get(key, 0) + n
    participants = RollEntry.objects.filter(matter=matter).filter(~Q(voted_via="") | Q(attended=True)).count()
    keys = list(matter.options.values_list("key", flat=True))
    return rules.Counts(
        roll=matter.roll_size,
        participants=participants,
        valid=summed.get(ledger.VALID_KEY, 0),
        invalid=summed.get(ledger.INVALID_KEY, 0),
        votes={key: summed.get(key, 0) for key in keys},
    )


def _require_counts_entered(matter: Matter) -> None:
    """Households that voted at the meeting or returned a sheet are counted as taking part: closing before their
    votes are entered would count them in the turnout and not in the result."""
    at_meeting = _ways_count(matter).get(Way.MEETING, 0)
    if (
        at_meeting
        and not LedgerEntry.objects.filter(matter=matter, kind=EntryKind.COUNT, source=Source.MEETING).exists()
    ):
        raise ValidationError(
            _("%(n)s households voted at the meeting: enter the meeting's count before closing.") % {"n": at_meeting}
        )
    one_by_one = RollEvent.objects.filter(matter=matter, kind=RollEvent.Kind.SHEET_ENTERED).count()
    returned = RollEntry.objects.filter(matter=matter, sheet_returned=True).count() - one_by_one
    sheets = Tally.objects.filter(matter=matter, source=Source.SHEET, key__in=[ledger.VALID_KEY, ledger.INVALID_KEY])
    if returned and (sheets.aggregate(n=Sum("n"))["n"] or 0) != returned:
        raise ValidationError(
            _("%(n)s returned ballot sheets are not in the ballot box count yet: enter it before closing.")
            % {"n": returned}
        )


@transaction.atomic
def close_voting(*, by, matter: Matter, shares: list[str] = (), now: datetime | None = None) -> Matter:
    """Stop all voting, open the encrypted ballots' totals with the counting team's slips (`shares`, a secret ballot
    only), publish the final hash, and record the lawful result."""
    now = now or timezone.now()
    matter = Matter.objects.select_for_update().get(pk=matter.pk)
    _require_open(matter)
    if matter.meeting_at and now < matter.meeting_at:
        # The households decide at the meeting they were told of (Decree 59/2023 Art. 3 §3): not before it.
        raise ValidationError(
            _("The meeting is set for %(when)s: the vote cannot be closed before it.")
            % {"when": timezone.localtime(matter.meeting_at).strftime("%H:%M %d/%m/%Y")}
        )
    list(ChainHead.objects.select_for_update().filter(matter=matter).order_by("lane"))  # no ballot slips in now
    _require_counts_entered(matter)
    if matter.encryption and LedgerEntry.objects.filter(matter=matter, kind=EntryKind.SECRET_BALLOT).exists():
        _open_totals(matter, shares)
    heads = list(ChainHead.objects.filter(matter=matter).order_by("lane"))
    for head in heads:
        # Closed, with the check of a closed head, so that reopening it in the database shows. A head whose check
        # is already wrong (re-hashed outside the app) keeps it: closing must not launder a forgery.
        if hmac.compare_digest(head.mac, ledger.head_mac(matter.pk, head.lane, head.seq, head.last_hash, True)):
            head.mac = ledger.head_mac(matter.pk, head.lane, head.seq, head.last_hash, False)
        head.is_open = False
    ChainHead.objects.bulk_update(heads, ["is_open", "mac"])
    _counters_from_the_ledger(matter)
    counts = counts_for_rules(matter)
    matter.result = rules.result_record(matter.rule, matter.kind, counts, matter.seats, version=matter.rule_version)
    matter.final_hash = ledger.final_hash([h.last_hash for h in heads], ledger.closing_digest(matter))
    matter.seal = ledger.server_seal(matter.final_hash)
    matter.status = MatterStatus.CLOSED
    matter.closed_at = now
    matter._history_user = by
    matter.save()
    witness.closed(matter.pk, matter.final_hash)
    if matter.is_secret:
        # Rewrite every roll row in one statement, so that no row's storage-level transaction stamp (PostgreSQL's
        # xmin) still says when its household voted.
        RollEntry.objects.filter(matter=matter).update(attended=F("attended"))
    return matter


def _counters_from_the_ledger(matter: Matter) -> None:
    """The result is counted from the ledger, never from the live counters alone: counters changed in the database
    (which the pages show while voting is open) are set back to the ledger's recount, and the matter's history says
    so. The ledger itself is checked by its chains; what is wrong there is reported by verification, not hidden."""
    recount = ledger.verify(matter).recount.by_source
    live = ledger.live_totals(matter.pk)
    sources = set(recount) | set(live)
    if all(+recount.get(source, Counter()) == +live.get(source, Counter()) for source in sources):
        return
    Tally.objects.filter(matter=matter).delete()
    Tally.objects.bulk_create(
        Tally(matter=matter, lane=0, source=source, key=key, n=n)
        for source, cells in recount.items()
        for key, n in cells.items()
        if n
    )
    matter._change_reason = gettext_noop(
        "The live counters differed from the ledger (changed outside the system): closing counted from the ledger."
    )


def _open_totals(matter: Matter, shares: list[str]) -> None:
    """Open each option's total of the encrypted online ballots with a majority of the counting team's slips; the
    totals and every member's proven part go into the ledger, and become the online counts."""
    encryption = matter.encryption
    found, errors = {}, []
    for number, text in enumerate(shares, 1):
        if not text.strip():
            continue
        try:
            index, share = secrecy.parse_share(text)
        except secrecy.BadShare:
            errors.append(_("Slip %(n)s: the code is mistyped; check each group of five characters.") % {"n": number})
            continue
        if not secrecy.share_matches(index, share, encryption["keys"]):
            errors.append(_("Slip %(n)s is not one of this vote's slips.") % {"n": number})
            continue
        found[index] = share
    if errors:
        raise ValidationError({"shares": errors})
    if len(found) < encryption["threshold"]:
        raise ValidationError(
            {
                "shares": [
                    _("%(needed)s of the %(team)s members of the counting team must enter their slips; %(given)s did.")
                    % {"needed": encryption["threshold"], "team": len(encryption["keys"]), "given": len(found)}
                ]
            }
        )
    keys = list(matter.options.values_list("key", flat=True))
    pairs: list[list[tuple[bytes, bytes]]] = [[] for _ in keys]
    ballots = 0
    for payload in (
        LedgerEntry.objects.filter(matter=matter, kind=EntryKind.SECRET_BALLOT)
        .values_list("payload", flat=True)
        .iterator(5000)
    ):
        ballots += 1
        for i, pair in enumerate(secrecy.ciphertexts(ledger.sealed_marks(payload), len(keys))):
            pairs[i].append(pair)
    totals, parts = {}, []
    for key, option_pairs in zip(keys, pairs, strict=True):
        a_sum, b_sum = secrecy.add_up(option_pairs)
        context = ledger.option_context(matter, key)
        option_parts = {i: secrecy.partial_decryption(context, i, share, a_sum) for i, share in found.items()}
        totals[key] = secrecy.total({i: p for i, (p, _, _) in option_parts.items()}, b_sum, ballots)
        parts.append(option_parts)
    ledger.append(matter.pk, 0, EntryKind.DECRYPTION, Source.ONLINE, ledger.decryption_payload(totals, parts), None)
    Tally.objects.bulk_create(Tally(matter=matter, lane=0, source=Source.ONLINE, key=k, n=n) for k, n in totals.items())


def _set_status(matter: Matter, status: str, by) -> None:
    matter.status = status
    matter._history_user = by
    matter.save(update_fields=["status"])


def needs_recognition(matter: Matter) -> bool:
    """Items 3 and 4 take effect on the commune People's Committee's recognition, item 5 on the commune Front
    committee's; items 1, 2 and 6 on the day of the vote (Law 10/2022 Art. 21 §2)."""
    return matter.rule.effect is not rules.Effect.VOTE_DAY


def recognising_action(matter: Matter):
    """The permission of the body that recognises the matter's result (None: it takes effect on the vote day)."""
    from accounts.scoping import Action

    return {
        rules.Effect.COMMUNE_COMMITTEE: Action.RECOGNISE_DECISIONS,
        rules.Effect.COMMUNE_FRONT: Action.RECOGNISE_FRONT,
    }.get(matter.rule.effect)


def send_due_on(matter: Matter) -> date | None:
    """The last day to send the decision to the commune: 5 working days after the vote (Law 10/2022 Art. 20 §3)."""
    if not matter.closed_at:
        return None
    return add_working_days(timezone.localdate(matter.closed_at), rules.SEND_WORKING_DAYS)


@transaction.atomic
def send_for_recognition(*, by, matter: Matter, sent_on: date) -> Recognition:
    """The village sends its decision to the commune People's Committee and Front committee (Law 10/2022 Art. 20 §3).
    Where the result needs recognition its deadline starts; where it took effect on the vote day (items 1, 2, 6) it
    is published now."""
    from decisions.publishing import publish_result

    if matter.status != MatterStatus.CLOSED:
        raise ValidationError(_("Only a closed vote is sent to the commune for recognition."))
    if hasattr(matter, "recognition"):
        raise ValidationError(_("The result has already been sent to the commune."))
    followed = BallotRound.objects.filter(after_meeting_of=matter).exclude(matter=matter).first()
    if followed is not None:
        raise ValidationError(
            _("The meeting could not decide this matter: the household ballot round does (%(title)s).")
            % {"title": followed.matter.title}
        )
    if ledger.verify(matter).problems:
        raise ValidationError(_("The record of this vote does not match its ledger: it cannot be sent."))
    if sent_on > timezone.localdate() or (matter.closed_at and sent_on < timezone.localdate(matter.closed_at)):
        raise ValidationError({"sent_on": [_("The sending date must be between the close of voting and today.")]})
    recognition = Recognition(matter=matter, sent_on=sent_on, due_on=sent_on)
    recognition._history_user = by
    if needs_recognition(matter):
        recognition.due_on = add_working_days(sent_on, rules.RECOGNITION_WORKING_DAYS)
    else:
        recognition.disclosure = publish_result(by=by, matter=matter, recognition=recognition)
        recognition.seal = ledger.recognition_seal(matter, recognition)
    recognition.save()
    if not needs_recognition(matter):
        _set_status(matter, MatterStatus.IN_EFFECT, by)
    witness.answered(matter.pk, witness.SENT, sent_on.isoformat())
    if needs_recognition(matter):
        from decisions.reminders import notify_sent

        notify_sent(recognition)
    return recognition


@transaction.atomic
def dossier_complete(*, by, matter: Matter, on: date) -> Recognition:
    """A village convention's dossier was complete on `on` (the request, the minutes and the adopted text): the
    commune's 5 working days run from that day (Decree 61/2023 Art. 11), not from the first sending."""
    recognition = _waiting_recognition(matter)
    if matter.matter_type != MatterType.VILLAGE_CONVENTION:
        raise ValidationError(_("Only a village convention's dossier is completed."))
    if on < recognition.sent_on or on > timezone.localdate():
        raise ValidationError(
            {"on": [_("The dossier is complete on or after the day it was sent, and not later than today.")]}
        )
    recognition.due_on = add_working_days(on, rules.RECOGNITION_WORKING_DAYS)
    recognition._history_user = by
    recognition.save(update_fields=["due_on"])
    return recognition


def _waiting_recognition(matter: Matter) -> Recognition:
    recognition = Recognition.objects.filter(matter=matter).select_for_update().first()
    if recognition is None:
        raise ValidationError(_("Send the result to the commune before recognising it."))
    if not needs_recognition(matter):
        raise ValidationError(
            _("This decision took effect on the day of the vote (%(article)s): the commune does not recognise it.")
            % {"article": rules.RECOGNITION_ARTICLE}
        )
    if recognition.recognised_on:
        raise ValidationError(_("This result has already been recognised."))
    if recognition.refused_on:
        raise ValidationError(_("The commune has already refused to recognise this result."))
    if ledger.verify(matter).problems:
        raise ValidationError(_("The record of this vote does not match its ledger: it cannot be recognised."))
    return recognition


def _written_on(field: str, on: date, recognition: Recognition) -> None:
    if on > timezone.localdate():
        raise ValidationError({field: [_("The date cannot be in the future.")]})
    if on < recognition.sent_on:
        raise ValidationError({field: [_("The commune's answer cannot come before the result was sent.")]})


def _decision_number(field: str, number: str, missing: str) -> str:
    number = number.strip()
    reject_html(number)
    if not number.isprintable():
        raise ValidationError({field: [_("The decision number is written on one line.")]})
    if not number:
        raise ValidationError({field: [missing]})
    return number


def _reasons(field: str, text: str) -> str:
    reject_html(text)
    if len(text.strip()) < 10:
        raise ValidationError({field: [_("Write the reasons, as the answer in writing gives them.")]})
    if len(text) > 5000:
        raise ValidationError({field: [_("The reasons have at most 5,000 characters.")]})
    return text.strip()


@transaction.atomic
def recognise(*, by, matter: Matter, decision_number: str, recognised_on: date, note: str = "") -> Recognition:
    """The commune People's Committee (items 3, 4) or Front committee (item 5) recognises the result (Law 10/2022 Art.
    21 §2); it is published on the disclosure portal."""
    from decisions.publishing import publish_result

    recognition = _waiting_recognition(matter)
    decision_number = _decision_number(
        "decision_number", decision_number, _("Enter the number of the recognition decision.")
    )
    reject_html(note)
    if recognised_on > timezone.localdate():
        raise ValidationError({"recognised_on": [_("The recognition date cannot be in the future.")]})
    if recognised_on < recognition.sent_on:
        raise ValidationError({"recognised_on": [_("Recognition cannot come before the result was sent.")]})
    recognition.recognised_on = recognised_on
    recognition.decision_number = decision_number
    recognition.note = note.strip()
    recognition.recognised_by = by
    recognition.disclosure = publish_result(by=by, matter=matter, recognition=recognition)
    recognition.seal = ledger.recognition_seal(matter, recognition)
    recognition._history_user = by
    recognition.save()
    _set_status(matter, MatterStatus.RECOGNISED, by)
    witness.recognised(matter.pk, decision_number)
    return recognition


@transaction.atomic
def refuse_recognition(*, by, matter: Matter, refused_on: date, reasons: str) -> Recognition:
    """The commune does not recognise the result: it answers in writing with the reasons (Law 10/2022 Art. 21 §2)."""
    recognition = _waiting_recognition(matter)
    reasons = _reasons("reasons", reasons)
    _written_on("refused_on", refused_on, recognition)
    recognition.refused_on, recognition.reasons = refused_on, reasons
    recognition.recognised_by = by
    recognition.seal = ledger.recognition_seal(matter, recognition)
    recognition._history_user = by
    recognition.save()
    _set_status(matter, MatterStatus.REFUSED, by)
    witness.answered(matter.pk, witness.REFUSED, refused_on.isoformat())
    return recognition


@transaction.atomic
def annul(*, by, matter: Matter, annulled_on: date, decision_number: str, reasons: str) -> Recognition:
    """The commune People's Committee annuls a decision contrary to the law or to social ethics, or for a breach of
    procedure (Law 10/2022 Art. 22); the annulment is published and the village head and the Front told."""
    from decisions.publishing import publish_annulment

    recognition = Recognition.objects.filter(matter=matter).select_for_update().first()
    if recognition is None or matter.status not in (
        MatterStatus.CLOSED,
        MatterStatus.RECOGNISED,
        MatterStatus.IN_EFFECT,
    ):
        raise ValidationError(_("Only a decision sent to the commune, in effect or awaiting recognition, is annulled."))
    if recognition.annulled_on:
        raise ValidationError(_("This decision has already been annulled."))
    number = _decision_number("decision_number", decision_number, _("Enter the number of the annulment decision."))
    reasons = _reasons("reasons", reasons)
    _written_on("annulled_on", annulled_on, recognition)
    recognition.annulled_on, recognition.annulment_number, recognition.annulment_reasons = annulled_on, number, reasons
    recognition.annulled_by = by
    publish_annulment(by=by, matter=matter, recognition=recognition)
    recognition.seal = ledger.recognition_seal(matter, recognition)
    recognition._history_user = by
    recognition.save()
    _set_status(matter, MatterStatus.ANNULLED, by)
    witness.answered(matter.pk, witness.ANNULLED, annulled_on.isoformat())
    from decisions.reminders import notify_annulled

    notify_annulled(recognition)
    return recognition


def start_revote(
    *,
    by,
    matter: Matter,
    meeting_at: datetime | None = None,
    meeting_place: str | None = None,
    notice_given_on: date | None = None,
) -> Matter:
    """A new round of a matter whose result calls for one: among the tied, or all candidates again; at a new meeting
    where the matter is decided at one (Law 10/2022 Art. 17 §2)."""
    if matter.status not in (MatterStatus.CLOSED, MatterStatus.RECOGNISED, MatterStatus.REFUSED) or not (
        matter.result or {}
    ).get("needs_revote"):
        raise ValidationError(_("This result does not call for a re-vote."))
    labels = dict(matter.options.values_list("key", "label"))
    winners = matter.result.get("winners") or []
    tied = matter.result.get("tied") or []
    if matter.kind is rules.BallotKind.YES_NO:
        candidates, seats = [], 1
    else:
        keys = tied or [key for key in labels if key not in winners]
        candidates, seats = [labels[key] for key in keys], max(1, matter.seats - len(winners))
    # A new round is decided by the rules in force now: what the first round's book allowed may no longer be lawful.
    rule = rules.book_in_force().rules[matter.matter_type]
    data = MatterInput(
        matter_type=matter.matter_type,
        title=_("%(title)s (round %(round)s)") % {"title": matter.title, "round": matter.round + 1},
        question=matter.question,
        ballot_kind=matter.ballot_kind,
        options=candidates,
        max_choices=seats,
        seats=seats,
        is_secret=matter.is_secret,
        electorate=matter.electorate if matter.electorate in rule.electorates else "",
        meeting_at=meeting_at,
        meeting_place=matter.meeting_place if meeting_place is None else meeting_place,
        notice_given_on=notice_given_on,
        online_voting=matter.online_voting and rule.online_allowed,
    )
    return create_matter(by=by, village=matter.village, data=data, revote_of=matter)


def _team(names: list[str], sizes: range, wrong_size: str) -> list[str]:
    """A team's members, one name each: as many as `sizes` allows (`wrong_size` says so otherwise), none twice."""
    names = [" ".join(name.split()) for name in names if name.strip()]
    for name in names:
        reject_html(name)
        if len(name) > 200:
            raise ValidationError({"team": [_("A name has at most 200 characters.")]})
    if len(names) not in sizes:
        raise ValidationError({"team": [wrong_size]})
    if len({name.casefold() for name in names}) != len(names):
        raise ValidationError({"team": [_("Two members have the same name.")]})
    return names


def _round_dates(announced_on: date, sheets_on: date, today: date, not_before: date | None) -> None:
    errors: dict[str, list[str]] = {}
    if announced_on > today:
        errors["announced_on"] = [_("Record the notice once it has been made public, not in advance.")]
    elif not_before and announced_on < not_before:
        errors["announced_on"] = [
            _("The round follows the meeting of %(day)s: it is made public from that day.")
            % {"day": not_before.strftime("%d/%m/%Y")}
        ]
    earliest = announced_on + timedelta(days=rules.BALLOT_NOTICE_DAYS)
    if sheets_on < earliest:
        errors["sheets_on"] = [
            _(
                "The round's content, time and team are made public at least %(days)s days before the sheets are "
                "handed out (%(article)s): made public on %(announced)s, the sheets go out from %(earliest)s."
            )
            % {
                "days": rules.BALLOT_NOTICE_DAYS,
                "article": f"{rules.BALLOT_ARTICLE} khoản 2",
                "announced": announced_on.strftime("%d/%m/%Y"),
                "earliest": earliest.strftime("%d/%m/%Y"),
            }
        ]
    elif sheets_on > announced_on + timedelta(days=rules.BALLOT_ROUND_MOST_DAYS):
        errors["sheets_on"] = [
            _("The sheets go out within %(days)s days of the notice (a bound of this platform, not of the law).")
            % {"days": rules.BALLOT_ROUND_MOST_DAYS}
        ]
    if errors:
        raise ValidationError(errors)


def _round_copy(by, matter: Matter) -> Matter:
    """The matter every household answers afresh on a sheet, decided by the rules in force now (like a re-vote)."""
    labels = [label for key, label in matter.options.order_by("position").values_list("key", "label")]
    data = MatterInput(
        matter_type=matter.matter_type,
        title=_("%(title)s (household ballot)") % {"title": matter.title},
        question=matter.question,
        ballot_kind=matter.ballot_kind,
        options=[] if matter.kind is rules.BallotKind.YES_NO else labels,
        max_choices=matter.max_choices,
        seats=matter.seats,
        is_secret=matter.is_secret,
        electorate=matter.electorate,
        online_voting=False,
    )
    return create_matter(by=by, village=matter.village, data=data, revote_of=matter, ballot_round=True)


@transaction.atomic
def start_ballot_round(
    *,
    by,
    matter: Matter,
    team: list[str],
    announced_on: date,
    sheets_on: date,
    shares: list[str] = (),
    now: datetime | None = None,
) -> BallotRound:
    """Hand the matter to the households on ballot sheets (Law 10/2022 Art. 19): a team of 3 to 5, made public at
    least 2 days before the sheets go out, one sheet per household.

    A matter with a meeting gets its round only once the meeting is over and the households that took part cannot
    reach the threshold (Art. 19 §1(b)); under the reading "every_household" the meeting's vote is closed (its count
    stays in its record, it decides nothing) and every household answers afresh on a new matter; under
    "absent_households" the sheets go, on the same matter, to the households that did not vote at the meeting. A
    matter without a meeting (items 1, 2 and 6 only: Art. 17 §2, Art. 19 §1(a), (c)) is put to sheets from the start.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    matter = Matter.objects.select_for_update().get(pk=matter.pk)
    if BallotRound.objects.filter(matter=matter).exists() or (
        matter.meeting_at and BallotRound.objects.filter(after_meeting_of=matter).exists()
    ):
        raise ValidationError(_("This matter already has its household ballot round."))
    rule = matter.rule
    if rules.Form.SHEET not in rule.forms:
        raise ValidationError(_("This matter is not decided on household ballot sheets."))
    sizes = rules.BALLOT_TEAM_SIZES
    names = _team(
        team,
        sizes,
        _("The ballot team has %(low)s to %(high)s members (%(article)s): %(n)s named.")
        % {
            "low": sizes.start,
            "high": sizes.stop - 1,
            "article": rules.BALLOT_ARTICLE,
            "n": len([name for name in team if name.strip()]),
        },
    )
    if matter.meeting_at:
        held = timezone.localtime(matter.meeting_at)
        if matter.status != MatterStatus.OPEN or now < matter.meeting_at:
            raise ValidationError(
                _("A household ballot round follows the meeting of %(when)s, while its vote is open.")
                % {"when": held.strftime("%H:%M %d/%m/%Y")}
            )
        from decisions.selectors import meeting_counted, turnout

        if not meeting_counted(matter):
            raise ValidationError(
                _("Enter the meeting's count first: the round follows the meeting's vote (%(article)s).")
                % {"article": f"{rules.BALLOT_ARTICLE} khoản 1 điểm b"}
            )
        taking_part = turnout(matter)
        if taking_part.within_reach:
            raise ValidationError(
                _(
                    "The %(n)s households that took part can still reach the threshold (%(needed)s of %(roll)s): the "
                    "meeting decides, a ballot round follows only a meeting that cannot (%(article)s)."
                )
                % {
                    "n": taking_part.participants,
                    "needed": taking_part.needed_to_pass,
                    "roll": taking_part.roll,
                    "article": f"{rules.BALLOT_ARTICLE} khoản 1 điểm b",
                }
            )
        _round_dates(announced_on, sheets_on, today, held.date())
        reading = rules.round_reading()
    else:
        if rule.meeting_required:
            raise ValidationError(
                _("This matter is decided at a meeting of the community (%(article)s).")
                % {"article": rules.MEETING_REQUIRED_ARTICLE}
            )
        if matter.status not in (MatterStatus.DRAFT, MatterStatus.OPEN):
            raise ValidationError(_("Voting on this matter is over."))
        _round_dates(announced_on, sheets_on, today, None)
        reading = rules.RoundReading.EVERY_HOUSEHOLD
    target = matter
    if matter.meeting_at and reading is rules.RoundReading.EVERY_HOUSEHOLD:
        close_voting(by=by, matter=matter, shares=shares, now=now)
        target = _round_copy(by, matter)
    ballot_round = BallotRound(
        matter=target,
        after_meeting_of=matter if matter.meeting_at else None,
        reading=reading.value,
        team=names,
        announced_on=announced_on,
        sheets_on=sheets_on,
        created_by=by,
    )
    ballot_round._history_user = by
    ballot_round.save()
    return ballot_round


def _require_ballot_round(matter: Matter, today: date) -> None:
    """Sheets go out only in a ballot round made public with its team (Law 10/2022 Art. 19 §2), from its day. The
    first reading's matters, decided before the rules were read, had none."""
    if matter.rule_book.superseded:
        return
    ballot_round = BallotRound.objects.filter(matter=matter).first()
    if ballot_round is None:
        raise ValidationError(
            _(
                "Ballot sheets are handed out in a household ballot round (%(article)s): name its team of 3 to 5 and "
                "make it public at least 2 days before."
            )
            % {"article": rules.BALLOT_ARTICLE}
        )
    if today < ballot_round.sheets_on:
        raise ValidationError(
            _("The sheets are handed out from %(day)s, as made public.")
            % {"day": ballot_round.sheets_on.strftime("%d/%m/%Y")}
        )
