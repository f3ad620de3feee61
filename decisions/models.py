"""Matters residents decide by household (Law 10/2022 Art. 15-18), and the votes that decide them.

A `Matter` is one question put to a village. When voting opens, its voters' roll is frozen into
`RollEntry` rows: one per household (or voter), each able to vote exactly once, by whichever way comes
first (meeting, ballot sheet or online). The votes themselves are `LedgerEntry` rows in hash chains:
a ballot IS its ledger entry, so editing one breaks the chain. For a secret matter nothing ties a roll
entry to a ballot: the roll records only *that* and *how* a household voted, never when, and ballots
carry no household, no time and a random receipt (see decisions.ballots).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from decisions import rules
from decisions.rules import BallotKind, Electorate
from localities.models import AdministrativeUnit


class MatterType(models.TextChoices):
    # Law 10/2022 Art. 15 (law.md A2): what residents of a village decide directly. Keys are decisions.rules codes.
    CONTRIBUTION_POLICY = "contribution_policy", _("Policy and level of contributions to public works")
    CONTRIBUTION_MANAGEMENT = "contribution_management", _("Collecting, spending and managing contributions")
    VILLAGE_CONVENTION = "village_convention", _("Village convention (hương ước, quy ước)")
    VILLAGE_HEAD_ELECTION = "village_head_election", _("Electing the village head")
    VILLAGE_HEAD_DISMISSAL = "village_head_dismissal", _("Dismissing the village head")
    BOARD_ELECTION = "board_election", _("Electing members of the inspection or supervision board")
    OTHER_SELF_MANAGED = "other_self_managed", _("Other self-managed work of the community")


assert set(MatterType.values) == set(rules.CODES), "every matter type needs a rule set"


class BallotKindChoice(models.TextChoices):
    YES_NO = BallotKind.YES_NO.value, _("Agree or disagree")
    CHOOSE_ONE = BallotKind.CHOOSE_ONE.value, _("Choose one")
    CHOOSE_UP_TO = BallotKind.CHOOSE_UP_TO.value, _("Choose up to N")


class ElectorateChoice(models.TextChoices):
    HOUSEHOLDS = Electorate.HOUSEHOLDS.value, _("Household representatives (one vote per household)")
    VOTERS = Electorate.VOTERS.value, _("All voters of the village")


class MatterStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    OPEN = "open", _("Voting")
    CLOSED = "closed", _("Voting closed")
    RECOGNISED = "recognised", _("Recognised by the commune")
    IN_EFFECT = "in_effect", _("In effect from the vote day, sent to the commune")
    REFUSED = "refused", _("Not recognised by the commune")
    ANNULLED = "annulled", _("Annulled by the commune People's Committee")
    CANCELLED = "cancelled", _("Cancelled")


# Every status of a vote that was closed: its result is final, recorded and checked, whatever the commune did with it.
VOTED = (
    MatterStatus.CLOSED,
    MatterStatus.RECOGNISED,
    MatterStatus.IN_EFFECT,
    MatterStatus.REFUSED,
    MatterStatus.ANNULLED,
)


class Matter(models.Model):
    village = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="matters", verbose_name=_("village")
    )
    unit_path = models.CharField(max_length=255, editable=False, db_index=True)
    matter_type = models.CharField(_("matter"), max_length=32, choices=MatterType.choices)
    # The rule book (decisions.rules) in force when the matter was created: it decides the matter for good.
    rule_version = models.CharField(max_length=16, default=rules.version_in_force, editable=False)
    title = models.CharField(_("title"), max_length=200)
    question = models.TextField(_("question put to the vote"))
    ballot_kind = models.CharField(_("kind of ballot"), max_length=16, choices=BallotKindChoice.choices)
    max_choices = models.PositiveSmallIntegerField(_("most choices on one ballot"), default=1)
    seats = models.PositiveSmallIntegerField(_("seats to fill"), default=1)
    is_secret = models.BooleanField(_("secret ballot"), default=False)
    electorate = models.CharField(_("who votes"), max_length=12, choices=ElectorateChoice.choices)
    meeting_at = models.DateTimeField(_("meeting time"), null=True, blank=True)
    meeting_place = models.CharField(_("meeting place"), max_length=200, blank=True)
    # When the households were told of the meeting (its time, place and content): at least 2 days before it
    # (Decree 59/2023 Art. 3 §3; decisions.rules.MEETING_NOTICE_DAYS).
    notice_given_on = models.DateField(_("meeting announced on"), null=True, blank=True)
    online_voting = models.BooleanField(_("online voting with household codes"), default=True)
    # Decree 59/2023 Art. 5 §2(c): online voting is held only after more than half of all households chose it. How
    # and when they did, as the officer recorded it before opening (decisions.services.record_online_choice).
    online_chosen_on = models.DateField(_("households chose online voting on"), null=True, blank=True)
    online_chosen_households = models.PositiveIntegerField(_("households that chose online voting"), null=True)
    online_chosen_how = models.CharField(_("how they chose it"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=MatterStatus.choices, default=MatterStatus.DRAFT)
    revote_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="revotes", verbose_name=_("re-vote of")
    )
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    # Keys the one-time codes of this matter; never shown.
    code_salt = models.CharField(max_length=32, editable=False, default="")
    roll_size = models.PositiveIntegerField(_("households or voters on the roll"), default=0, editable=False)
    opened_at = models.DateTimeField(_("voting opened at"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("voting closed at"), null=True, blank=True, editable=False)
    final_hash = models.CharField(_("final hash"), max_length=64, blank=True, editable=False)
    # HMAC of the final hash with the server's key (decisions.ledger.server_seal).
    seal = models.CharField(max_length=64, blank=True, editable=False)
    # What decisions.rules.decide said at closing, with the counts it was given.
    result = models.JSONField(null=True, blank=True, editable=False)
    # A secret ballot's online ballots are encrypted (decisions.secrecy): the public key, the counting team's names,
    # how many of them open the totals, and the public image of each one's share. Never the key or a share.
    encryption = models.JSONField(null=True, blank=True, editable=False)
    # What the ledger's opening digest covers (decisions.ledger.opening_digest): 1, the roll, options and key;
    # 2, also the question, the matter's type (its rule) and the ballot's settings; 3, also each roll entry's state
    # check (decisions.ledger.roll_state_check); 4, also the rule book. A vote keeps the format it was created with.
    ledger_format = models.PositiveSmallIntegerField(default=4, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["code_salt"])

    class Meta:
        verbose_name = _("matter for residents to decide")
        verbose_name_plural = _("matters for residents to decide")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def rule(self) -> rules.RuleSet:
        return rules.rule_set(self.matter_type, self.rule_version)

    @property
    def rule_book(self) -> rules.RuleBook:
        return rules.book(self.rule_version)

    @property
    def round_reading_words(self):
        """How a ballot round after this matter's meeting combines with its hands: the reading its round was held
        under, or the one in force for a round still to come."""
        ballot_round = BallotRound.objects.filter(models.Q(matter=self) | models.Q(after_meeting_of=self)).first()
        reading = rules.RoundReading(ballot_round.reading) if ballot_round else rules.round_reading()
        return rules.ROUND_READING_WORDS[reading]

    @property
    def kind(self) -> BallotKind:
        return BallotKind(self.ballot_kind)

    @property
    def choice_limit(self) -> int:
        return self.max_choices if self.kind is BallotKind.CHOOSE_UP_TO else 1

    @property
    def counts_shown(self) -> bool:
        # Option counts of a secret ballot are shown only once voting has closed; turnout always.
        return not self.is_secret or self.status in VOTED


class Option(models.Model):
    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="options")
    key = models.CharField(max_length=12)  # "yes"/"no", or "c1", "c2"… in ballot order
    label = models.CharField(_("option"), max_length=200)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["matter", "key"], name="option_key_per_matter")]

    def __str__(self) -> str:
        return self.label


class MatterDocument(models.Model):
    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to="decisions/%Y/%m/", max_length=255)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class CountingSlip(models.Model):
    """One member's key slip of a secret ballot's counting team, waiting to be drawn by that member on their own
    device through a link of their own (a random token: only its hash is stored, and the slip's code is stored
    encrypted under the token, so a copy of the database opens none). Drawing shows the code once and erases it
    here; voting opens only when every member has drawn, and a member who finds their slip already drawn knows
    someone else saw it (decisions.services.draw_slip)."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="slips")
    member = models.PositiveSmallIntegerField()  # 1.. in the order of matter.encryption["team"]
    name = models.CharField(_("member"), max_length=200)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    sealed = models.TextField(blank=True, editable=False)  # the code under the token; emptied once drawn
    drawn_at = models.DateTimeField(_("drawn at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["matter", "member"]
        constraints = [models.UniqueConstraint(fields=["matter", "member"], name="one_slip_per_member")]

    def __str__(self) -> str:
        return f"{self.matter_id}/{self.member} {self.name}"


class Way(models.TextChoices):
    MEETING = "meeting", _("At the meeting")
    SHEET = "sheet", _("Ballot sheet")
    ONLINE = "online", _("Online")


class RollEntry(models.Model):
    """One household (or voter) on a matter's frozen roll. Deliberately without timestamps or history:
    on a secret matter, when a household voted would say which ballot was theirs."""

    # Indexed as the first column of (matter, position); a second index would only slow each vote down.
    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="roll", db_index=False)
    household = models.ForeignKey("households.Household", on_delete=models.SET_NULL, null=True, related_name="+")
    resident = models.ForeignKey("households.Resident", on_delete=models.SET_NULL, null=True, related_name="+")
    # Frozen at opening: later registry changes do not alter the roll.
    household_code = models.CharField(_("household code"), max_length=32)
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=255, blank=True)
    position = models.PositiveIntegerField()
    # Empty until the household votes; set once, by the first way it votes.
    voted_via = models.CharField(_("voted"), max_length=8, choices=Way.choices, blank=True, default="")
    attended = models.BooleanField(_("attended the meeting"), default=False)
    sheet_issued = models.BooleanField(_("ballot sheet issued"), default=False)
    sheet_returned = models.BooleanField(_("ballot sheet returned"), default=False)
    # HMAC of the household's one-time code (decisions.codes): lookups by code, and the code is not stored.
    # NULL, not "", until codes are assigned: a unique column may hold many NULLs.
    code_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)  # noqa: DJ001
    # Ties that hash to this entry with a key the database does not hold (decisions.codes.code_check): a code
    # hash moved onto another household's row opens nothing, so one known code cannot vote for others.
    code_check = models.CharField(max_length=64, blank=True, default="", db_default="", editable=False)
    # How it voted, its attendance and its sheet, checked with a key the database does not hold
    # (decisions.ledger.roll_state_check): written by every change the server makes, checked by verification.
    state_check = models.CharField(max_length=64, blank=True, default="", db_default="", editable=False)

    class Meta:
        verbose_name = _("entry on the voters' roll")
        verbose_name_plural = _("voters' roll")
        ordering = ["position"]
        # No index holds voted_via: so that marking a household as voted rewrites no index (on PostgreSQL a
        # "HOT" update, in the free space migration 0003 leaves on each page). Turnout scans one village's roll.
        constraints = [models.UniqueConstraint(fields=["matter", "position"], name="roll_position_per_matter")]

    def __str__(self) -> str:
        return f"{self.household_code} — {self.name}"


class RollEvent(models.Model):
    """Who did what to a roll entry, when (check-in, sheet issued or returned, a refused second vote, a code
    printed). Only officers' actions are logged here: an online vote leaves no event, to keep secret ballots
    secret."""

    class Kind(models.TextChoices):
        CHECK_IN = "check_in", _("Checked in at the meeting")
        SHEET_ISSUED = "sheet_issued", _("Ballot sheet issued")
        SHEET_RETURNED = "sheet_returned", _("Ballot sheet returned")
        SHEET_ENTERED = "sheet_entered", _("Ballot sheet entered")
        REFUSED = "refused", _("Second vote refused")
        RESOLVED = "resolved", _("Conflict reviewed")
        CODE_SHOWN = "code_shown", _("One-time code printed by an official")

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="events")
    entry = models.ForeignKey(RollEntry, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # For a refused vote: the way tried, against the way already used.
    attempted_via = models.CharField(max_length=8, choices=Way.choices, blank=True)
    note = models.CharField(max_length=300, blank=True)
    # For a printed code: whether the household had voted by then, so that a vote cast after it is known to have
    # come after an official saw its code (decisions.selectors.reveals), without saying how it voted.
    had_voted = models.BooleanField(default=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["matter", "kind"], name="roll_event_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.entry_id}"


class Source(models.TextChoices):
    ONLINE = "online", _("Online ballots")
    PAPER = "paper", _("Ballot sheets entered one by one")
    MEETING = "meeting", _("Count at the meeting")
    SHEET = "sheet", _("Count of ballot sheets")


class EntryKind(models.TextChoices):
    BALLOT = "B", _("Ballot")
    COUNT = "C", _("Entered count")
    SECRET_BALLOT = "E", _("Encrypted ballot")
    DECRYPTION = "D", _("Totals opened by the counting team")


# Ballots are spread over a few parallel chains so that concurrent voters do not queue on one lock; closing
# joins the chain heads into the one published final hash.
LANES = 8


class ChainHead(models.Model):
    """The end of one chain of a matter: its last sequence number and hash. The row lock orders appends."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="chain_heads")
    lane = models.PositiveSmallIntegerField()
    seq = models.PositiveIntegerField(default=0)
    last_hash = models.CharField(max_length=64)
    # decisions.ledger.head_mac: a keyed check of the head, so that no one without the server's key re-hashes a lane
    # or reopens it unseen.
    mac = models.CharField(max_length=64, blank=True, default="", db_default="", editable=False)
    is_open = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["matter", "lane"], name="chain_head_lane")]

    def __str__(self) -> str:
        return f"{self.matter_id}/{self.lane}@{self.seq}"


class LedgerEntry(models.Model):
    """One append-only entry: hash = sha256(previous hash + "\\n" + payload). See decisions.ledger."""

    # No index of its own (both constraints below begin with the matter) and no database-level foreign key: a
    # ballot appends to a lane whose head row, with its own foreign key, it has just locked, so the matter is
    # there; a check would lock the matter's row for every ballot, and ballots arriving together would share that
    # lock through multixacts (on PostgreSQL about a seventh of intake). Deleting a matter still cascades here.
    matter = models.ForeignKey(
        Matter, on_delete=models.CASCADE, related_name="ledger", db_index=False, db_constraint=False
    )
    lane = models.PositiveSmallIntegerField()
    seq = models.PositiveIntegerField()
    kind = models.CharField(max_length=1, choices=EntryKind.choices)
    source = models.CharField(max_length=8, choices=Source.choices)
    receipt = models.CharField(max_length=12, null=True)  # noqa: DJ001 (counts have none; unique per matter)
    payload = models.TextField()
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["lane", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["matter", "lane", "seq"], name="ledger_position"),
            models.UniqueConstraint(fields=["matter", "receipt"], name="ledger_receipt"),
        ]

    def __str__(self) -> str:
        return f"{self.matter_id}/{self.lane}/{self.seq}"


class Tally(models.Model):
    """Live counters, one row per (matter, lane, source, key); key is an option key, "#valid" or "#invalid".

    Entered counts replace their source's rows; online ballots add to them. Summing a matter's rows is the
    live tally; decisions.ledger.recount checks it against the ledger."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="tallies", db_index=False)
    lane = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=8, choices=Source.choices)
    key = models.CharField(max_length=12)
    n = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["matter", "lane", "source", "key"], name="tally_cell")]

    def __str__(self) -> str:
        return f"{self.source}/{self.key}={self.n}"


class CodeAttempt(models.Model):
    """A wrong one-time code, kept to slow down guessing (by keyed hashes of the client's address and of the code
    tried, naming nobody and no code)."""

    client_key = models.CharField(max_length=64)  # the sender: its address, with its device when it has one
    address_key = models.CharField(max_length=64, default="")  # the address alone
    code_key = models.CharField(max_length=16, default="")
    at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["client_key", "at"], name="code_attempt_recent"),
            models.Index(fields=["address_key", "at"], name="code_attempt_address"),
        ]

    def __str__(self) -> str:
        return f"{self.client_key[:8]} {self.at}"


class Recognition(models.Model):
    """The decision sent to the commune (Law 10/2022 Art. 20 §3) and what the commune did with it: recognised or
    refused with reasons by the right body (Art. 21 §2), or annulled (Art. 22). Items 1, 2 and 6 take effect on the
    vote day: for them sending is the last step, the result is published then (`due_on` is the sending day)."""

    matter = models.OneToOneField(Matter, on_delete=models.CASCADE, related_name="recognition")
    sent_on = models.DateField(_("minutes sent to the commune on"))
    due_on = models.DateField(_("recognition due by"))
    recognised_on = models.DateField(_("recognised on"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    note = models.TextField(_("note"), blank=True)
    recognised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", editable=False
    )
    # Law 10/2022 Art. 21 §2: a refusal is answered in writing with its reasons.
    refused_on = models.DateField(_("refused on"), null=True, blank=True)
    reasons = models.TextField(_("reasons"), blank=True)
    # Law 10/2022 Art. 22: the commune People's Committee annuls a decision contrary to the law.
    annulled_on = models.DateField(_("annulled on"), null=True, blank=True)
    annulment_number = models.CharField(_("annulment decision number"), max_length=60, blank=True)
    annulment_reasons = models.TextField(_("reasons for the annulment"), blank=True)
    annulled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", editable=False
    )
    disclosure = models.ForeignKey(
        "disclosures.Disclosure", on_delete=models.PROTECT, null=True, related_name="+", editable=False
    )
    # HMAC of the recognition's fields and the vote's final hash (decisions.ledger.recognition_seal).
    seal = models.CharField(max_length=64, blank=True, editable=False)
    # When the commune's officials were told the deadline is near, and that it has passed (each once).
    due_soon_notified_on = models.DateField(null=True, editable=False)
    overdue_notified_on = models.DateField(null=True, editable=False)
    history = HistoricalRecords(excluded_fields=["due_soon_notified_on", "overdue_notified_on"])

    class Meta:
        verbose_name = _("recognition")

    def __str__(self) -> str:
        return f"{self.matter} — {self.decision_number or self.due_on}"


class BallotRound(models.Model):
    """A household ballot round (phát phiếu lấy ý kiến, Law 10/2022 Art. 19; Decree 59/2023 Art. 4): its team of 3 to
    5, the day it was made public and the day the sheets are handed out (at least 2 days later), one sheet for each
    household. After a meeting that could not reach the threshold it follows that meeting (`after_meeting_of`): under
    the reading "every_household" on a new matter that every household answers afresh, under "absent_households" on
    the meeting's own matter (see decisions.rules.RoundReading)."""

    matter = models.OneToOneField(Matter, on_delete=models.CASCADE, related_name="ballot_round")
    after_meeting_of = models.ForeignKey(
        Matter, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    reading = models.CharField(max_length=20, editable=False)
    team = models.JSONField(_("ballot team"), default=list)
    announced_on = models.DateField(_("made public on"))
    sheets_on = models.DateField(_("sheets handed out from"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("household ballot round")

    def __str__(self) -> str:
        return f"{self.matter} — {self.sheets_on}"
