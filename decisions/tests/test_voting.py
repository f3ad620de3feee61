"""One vote per household, by whichever way comes first; counts that cannot be impossible; the lawful result."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone

from decisions import ballots, codes, ledger, services
from decisions.models import CodeAttempt, LedgerEntry, MatterStatus, RollEntry, RollEvent, Source, Way
from decisions.tests.conftest import (
    convention_decided,
    held,
    meeting_matter,
    roll,
    secret_vote,
    sheet_round,
    yes_no_matter,
)
from disclosures.models import Disclosure
from tests.factories import household_with

ADDRESS = "203.0.113.7"


def opened(place, matter):
    return services.open_voting(by=place.officer, matter=matter)


def vote(entry, choices, address=ADDRESS):
    """As a phone does it: the code brings up the ballot (which the worker then knows), and the filled-in ballot
    comes back with the code and its matter."""
    ballots.ballot_meta(entry.matter_id, entry.matter.code_salt)
    return ballots.cast_online(
        code=services.code_of(entry), choices=choices, address=address, matter_id=entry.matter_id
    ).code


def test_opening_freezes_the_roll_from_the_registry(place):
    matter = opened(place, yes_no_matter(place))
    entries = roll(matter)
    assert [e.household_code for e in entries] == sorted(h.code for h in place.households)
    assert matter.roll_size == 10
    # Later registry changes do not alter the frozen roll.
    household_with(place.village, "Hộ mới chuyển đến", code="91001-000099")
    representative = place.households[0].representative
    representative.full_name = "Tên đã đổi"
    representative.save()
    assert RollEntry.objects.filter(matter=matter).count() == 10
    assert roll(matter)[0].name == "Chủ hộ số 1"


def test_a_household_votes_online_once_with_its_code(place):
    matter = opened(place, yes_no_matter(place))
    entry = roll(matter)[0]
    receipt = vote(entry, ["yes"])
    assert len(receipt) == codes.RECEIPT_LENGTH
    assert LedgerEntry.objects.filter(matter=matter, receipt=receipt).exists()
    assert ledger.live_totals(matter.pk)[Source.ONLINE]["yes"] == 1
    with pytest.raises(ballots.BallotRefused) as refused:
        vote(entry, ["no"])
    assert refused.value.reason == "already_online"
    assert ledger.live_totals(matter.pk)[Source.ONLINE] == {"yes": 1, ledger.VALID_KEY: 1}


def test_codes_have_fifty_bits_and_forgive_how_they_are_typed(place):
    matter = opened(place, yes_no_matter(place))
    entry = roll(matter)[0]
    code = services.code_of(entry)
    assert len(code) == 10 and set(code) <= set(codes.ALPHABET)
    assert len({services.code_of(e) for e in roll(matter)}) == 10
    typed = codes.display(code).lower().replace("0", "o").replace("1", "l")
    assert ballots.cast_online(code=f"  {typed} ", choices=["no"], address=ADDRESS)


def test_a_household_that_voted_online_cannot_vote_at_the_meeting(place):
    matter = opened(place, yes_no_matter(place))
    entry = roll(matter)[0]
    vote(entry, ["yes"])
    checked = services.check_in(by=place.village_head, entry=entry)
    assert checked.entry.attended and not checked.votes_here
    refused = RollEvent.objects.get(matter=matter, kind=RollEvent.Kind.REFUSED)
    assert refused.entry == entry and refused.attempted_via == Way.MEETING and refused.by == place.village_head


def test_a_household_checked_in_at_the_meeting_cannot_vote_online(place):
    matter = opened(place, yes_no_matter(place))
    entry = roll(matter)[0]
    assert services.check_in(by=place.village_head, entry=entry).votes_here
    with pytest.raises(ballots.BallotRefused) as refused:
        vote(entry, ["no"])
    assert refused.value.reason == "already_meeting"
    assert RollEvent.objects.filter(entry=entry, kind=RollEvent.Kind.REFUSED, attempted_via=Way.ONLINE).exists()
    assert not LedgerEntry.objects.filter(matter=matter).exists()


def test_a_returned_sheet_of_a_household_that_voted_online_is_set_aside(place):
    matter = opened(place, yes_no_matter(place))
    entry = roll(matter)[0]
    sheet_round(place, matter)
    services.issue_sheets(by=place.officer, matter=matter)
    vote(entry, ["yes"])
    assert services.return_sheet(by=place.officer, entry=entry) is False
    entry.refresh_from_db()
    assert entry.voted_via == Way.ONLINE and not entry.sheet_returned
    assert RollEvent.objects.filter(entry=entry, kind=RollEvent.Kind.REFUSED, attempted_via=Way.SHEET).exists()


def test_wrong_codes_are_rate_limited_per_address(place, settings):
    settings.VOTE_CODE_FAILURES = 3
    matter = opened(place, yes_no_matter(place))
    for guess in ("AAAAA-AAAAA", "BBBBB-BBBBB", "short"):
        with pytest.raises(ballots.BallotRefused) as refused:
            ballots.cast_online(code=guess, choices=["yes"], address=ADDRESS)
        assert refused.value.reason == "unknown_code"
    # Even the right code now waits: a guesser must not learn that a guess was right.
    with pytest.raises(ballots.BallotRefused) as refused:
        vote(roll(matter)[0], ["yes"])
    assert refused.value.reason == "rate_limited"
    assert vote(roll(matter)[0], ["yes"], address="198.51.100.1")


def test_retyping_the_same_wrong_code_counts_once(place, settings):
    settings.VOTE_CODE_FAILURES = 3
    matter = opened(place, yes_no_matter(place))
    for _ in range(10):  # a household misreading its sheet the same way, again and again
        with pytest.raises(ballots.BallotRefused) as refused:
            ballots.cast_online(code="AAAAA-AAAAB", choices=["yes"], address=ADDRESS)
        assert refused.value.reason == "unknown_code"
    assert vote(roll(matter)[0], ["yes"])


def test_a_braked_client_waits_only_until_its_wrong_codes_leave_the_window(place, settings):
    settings.VOTE_CODE_FAILURES = 3
    matter = opened(place, yes_no_matter(place))
    for guess in ("AAAAA-AAAAA", "BBBBB-BBBBB", "CCCCC-CCCCC"):
        with pytest.raises(ballots.BallotRefused):
            ballots.cast_online(code=guess, choices=["yes"], address=ADDRESS)
    with pytest.raises(ballots.BallotRefused) as refused:
        vote(roll(matter)[0], ["yes"])
    assert refused.value.reason == "rate_limited"
    window = timedelta(minutes=settings.VOTE_CODE_WINDOW_MINUTES, seconds=1)
    CodeAttempt.objects.update(at=F("at") - window)  # the window moves on
    assert vote(roll(matter)[0], ["yes"])


def test_a_ballot_filled_in_for_another_matter_is_never_counted(place):
    """Two yes/no questions share their options: a ballot answering the hall's question, sent with the road's code,
    must not become a "yes" to the road. It is refused, and the code's own ballot is shown instead."""
    road = opened(place, yes_no_matter(place))
    hall = opened(place, yes_no_matter(place, title="Sửa nhà văn hoá"))
    vote(roll(hall)[0], ["no"])
    entry = roll(road)[0]
    for other in (hall.pk, "not a number"):
        with pytest.raises(ballots.BallotRefused) as refused:
            ballots.cast_online(code=services.code_of(entry), choices=["yes"], address=ADDRESS, matter_id=other)
        assert refused.value.reason == "other_matter" and refused.value.matter_id == road.pk
    assert not ledger.live_totals(road.pk)[Source.ONLINE] and not roll(road)[0].voted_via
    receipt = ballots.cast_online(code=services.code_of(entry), choices=["yes"], address=ADDRESS, matter_id=road.pk)
    assert receipt.matter_id == road.pk and ledger.live_totals(road.pk)[Source.ONLINE]["yes"] == 1
    assert ledger.live_totals(hall.pk)[Source.ONLINE] == {"no": 1, ledger.VALID_KEY: 1}


def test_an_invalid_choice_is_refused_and_nothing_is_recorded(place):
    matter = opened(place, secret_vote(place))
    entry = roll(matter)[0]
    with pytest.raises(ballots.BallotRefused) as refused:
        vote(entry, ["c1", "c2"])
    assert refused.value.reason == "choice_too_many"
    entry.refresh_from_db()
    assert entry.voted_via == "" and not LedgerEntry.objects.filter(matter=matter).exists()


def test_meeting_counts_cannot_exceed_the_households_voting_there(place):
    matter = opened(place, yes_no_matter(place))
    for entry in roll(matter)[:3]:
        services.check_in(by=place.village_head, entry=entry)
    with pytest.raises(ValidationError, match="Chỉ có 3 hộ"):
        services.enter_count(
            by=place.officer, matter=matter, count=services.EnteredCount(Source.MEETING, {"yes": 3, "no": 1})
        )
    services.enter_count(
        by=place.officer, matter=matter, count=services.EnteredCount(Source.MEETING, {"yes": 2, "no": 0}, invalid=1)
    )
    assert ledger.live_totals(matter.pk)[Source.MEETING] == {"yes": 2, ledger.VALID_KEY: 2, ledger.INVALID_KEY: 1}


def test_a_later_count_replaces_the_earlier_one_and_both_stay_in_the_ledger(place):
    matter = opened(place, yes_no_matter(place))
    for entry in roll(matter)[:3]:
        services.check_in(by=place.village_head, entry=entry)
    for votes in ({"yes": 3}, {"yes": 2, "no": 1}):
        services.enter_count(by=place.officer, matter=matter, count=services.EnteredCount(Source.MEETING, votes))
    assert ledger.live_totals(matter.pk)[Source.MEETING]["yes"] == 2
    assert LedgerEntry.objects.filter(matter=matter, kind="C").count() == 2
    assert ledger.verify(matter).recount.by_source[Source.MEETING]["yes"] == 2


def test_sheet_reconciliation_refuses_impossible_numbers(place):
    matter = opened(place, yes_no_matter(place))
    entries = roll(matter)
    sheet_round(place, matter)
    services.issue_sheets(by=place.officer, matter=matter, entries=entries[:4])
    for entry in entries[:3]:
        assert services.return_sheet(by=place.officer, entry=entry)

    def enter(**kwargs):
        services.enter_count(by=place.officer, matter=matter, count=services.EnteredCount(Source.SHEET, **kwargs))

    with pytest.raises(ValidationError, match="nhiều hơn 4 phiếu đã phát"):
        enter(votes={"yes": 5}, returned=5)
    with pytest.raises(ValidationError, match="bằng 3 phiếu thu về"):
        enter(votes={"yes": 1, "no": 1}, returned=3)
    with pytest.raises(ValidationError, match="Sổ theo dõi ghi 3"):
        enter(votes={"yes": 2}, returned=2)
    with pytest.raises(ValidationError, match="không có trên phiếu"):
        enter(votes={"yes": 2, "maybe": 1}, returned=3)
    enter(votes={"yes": 2}, invalid=1, returned=3)
    assert ledger.live_totals(matter.pk)[Source.SHEET][ledger.VALID_KEY] == 2


def test_open_ballot_sheets_can_be_entered_one_by_one(place):
    matter = opened(place, yes_no_matter(place))
    entry = roll(matter)[0]
    sheet_round(place, matter)
    services.issue_sheets(by=place.officer, matter=matter, entries=[entry])
    services.return_sheet(by=place.officer, entry=entry)
    services.enter_sheet_ballot(by=place.officer, entry=entry, choices=["no"])
    with pytest.raises(ValidationError, match="đã được nhập"):
        services.enter_sheet_ballot(by=place.officer, entry=entry, choices=["yes"])
    assert ledger.live_totals(matter.pk)[Source.PAPER]["no"] == 1
    # The one-by-one sheet is not counted again in the box count.
    with pytest.raises(ValidationError, match="ghi 0 phiếu"):
        services.enter_count(
            by=place.officer, matter=matter, count=services.EnteredCount(Source.SHEET, {"yes": 1}, returned=1)
        )


def test_secret_sheets_are_never_entered_one_by_one(place):
    matter = opened(place, secret_vote(place))
    entry = roll(matter)[0]
    sheet_round(place, matter)
    services.issue_sheets(by=place.officer, matter=matter, entries=[entry])
    services.return_sheet(by=place.officer, entry=entry)
    with pytest.raises(ValidationError, match="Phiếu kín"):
        services.enter_sheet_ballot(by=place.officer, entry=entry, choices=["c1"])


def _vote_yes_no(place, matter, yes, no, abstain_at_meeting=0):
    """`yes` and `no` households vote online; `abstain_at_meeting` more attend and cast an invalid ballot."""
    entries = roll(matter)
    for entry in entries[:yes]:
        vote(entry, ["yes"])
    for entry in entries[yes : yes + no]:
        vote(entry, ["no"])
    for entry in entries[yes + no : yes + no + abstain_at_meeting]:
        services.check_in(by=place.village_head, entry=entry)
    if abstain_at_meeting:
        services.enter_count(
            by=place.officer,
            matter=matter,
            count=services.EnteredCount(Source.MEETING, {}, invalid=abstain_at_meeting),
        )
    return services.close_voting(by=place.officer, matter=matter)


def test_six_of_ten_households_agreeing_adopts_the_matter(place):
    matter = _vote_yes_no(place, opened(place, yes_no_matter(place)), yes=6, no=0)
    assert matter.status == MatterStatus.CLOSED
    assert matter.result["outcome"] == "valid" and matter.result["reason"] == "adopted"


def test_exactly_half_of_all_households_agreeing_is_not_enough(place):
    # Law 10/2022 Art. 21 §1: more than 50% of ALL households, not of those who voted: 5 of 10 fails although
    # five of the six who voted agreed.
    matter = _vote_yes_no(place, opened(place, yes_no_matter(place)), yes=5, no=1)
    assert matter.result["outcome"] == "failed" and matter.result["reason"] == "not_adopted"
    assert matter.result["needed"] == 6 and matter.result["rules"] == "2023-07-01"


def test_there_is_no_attendance_quorum_only_the_threshold_of_all_households(place):
    """Half the village taking part voids nothing (the law has no attendance quorum): the matter simply fails when
    those agreeing do not reach the threshold of every household on the roll."""
    matter = _vote_yes_no(place, opened(place, yes_no_matter(place)), yes=4, no=0, abstain_at_meeting=1)
    assert matter.result["participants"] == 5
    assert matter.result["outcome"] == "failed" and matter.result["reason"] == "not_adopted"


def _vote_at_the_meeting(place, matter, yes, no):
    for entry in roll(matter)[: yes + no]:
        services.check_in(by=place.village_head, entry=entry)
    count = services.EnteredCount(Source.MEETING, {"yes": yes, "no": no})
    services.enter_count(by=place.officer, matter=matter, count=count)
    return services.close_voting(by=place.officer, matter=matter)


def test_a_contribution_needs_two_thirds_of_all_households(place):
    """Law 10/2022 Art. 21 §1: 6 of 10 households agreeing adopts other work, not a contribution (7 of 10 does)."""
    data = dict(matter_type="contribution_policy")
    six = _vote_at_the_meeting(place, opened(place, yes_no_matter(place, **data)), yes=6, no=1)
    assert six.result["outcome"] == "failed" and six.result["needed"] == 7
    seven = _vote_at_the_meeting(place, opened(place, yes_no_matter(place, **data)), yes=7, no=0)
    assert seven.result["outcome"] == "valid"
    assert ledger.verify(seven).ok


def test_closing_stops_every_way_of_voting_and_publishes_the_final_hash(place):
    matter = _vote_yes_no(place, opened(place, yes_no_matter(place)), yes=6, no=1)
    entries = roll(matter)
    with pytest.raises(ballots.BallotRefused) as refused:
        vote(entries[9], ["yes"])
    assert refused.value.reason == "closed"
    with pytest.raises(ValidationError):
        services.check_in(by=place.village_head, entry=entries[9])
    check = ledger.verify(matter)
    assert check.ok and check.computed_final_hash == matter.final_hash and check.entries == 7


def test_a_tie_at_the_last_seat_calls_a_revote_among_the_tied(place):
    matter = opened(
        place,
        secret_vote(
            place,
            team=False,
            matter_type="board_election",
            online_voting=False,
            options=["Nguyễn Văn A", "Trần Thị B", "Lê Văn C"],
            **held(),
        ),
    )
    for entry in roll(matter)[:8]:
        services.check_in(by=place.village_head, entry=entry)
    services.enter_count(
        by=place.officer,
        matter=matter,
        count=services.EnteredCount(Source.MEETING, {"c1": 3, "c2": 3, "c3": 2}, invalid=0),
    )
    matter = services.close_voting(by=place.officer, matter=matter)
    # 3 of 10 households each is not more than half: nobody elected; a new round is held.
    assert matter.result["reason"] == "no_majority" and matter.result["needs_revote"]
    # An election is held at a meeting (Law 10/2022 Art. 17 §2): the new round needs its own.
    with pytest.raises(ValidationError, match="Điều 17 khoản 2"):
        services.start_revote(by=place.officer, matter=matter)
    next_meeting = timezone.now() + timedelta(days=3)
    revote = services.start_revote(by=place.officer, matter=matter, meeting_at=next_meeting)
    assert revote.round == 2 and revote.revote_of == matter and revote.meeting_at == next_meeting
    assert list(revote.options.values_list("label", flat=True)) == ["Nguyễn Văn A", "Trần Thị B", "Lê Văn C"]


def test_recognition_is_due_in_working_days_and_publishes_the_result(place):
    matter = convention_decided(place, yes=7, no=1)
    # Friday 13 Nov 2026: five working days later is Friday 20 Nov.
    matter.closed_at = datetime(2026, 11, 13, 9, tzinfo=UTC)
    recognition = services.send_for_recognition(by=place.village_head, matter=matter, sent_on=date(2026, 11, 13))
    assert recognition.due_on == date(2026, 11, 20)
    services.recognise(by=place.officer, matter=matter, decision_number="15/QĐ-UBND", recognised_on=date(2026, 11, 17))
    matter.refresh_from_db()
    assert matter.status == MatterStatus.RECOGNISED
    published = Disclosure.objects.get(unit=place.village)
    assert published.document_number == "15/QĐ-UBND"
    assert matter.title in published.title and matter.final_hash in published.body


def test_a_receipt_drawn_twice_is_drawn_again_and_nothing_is_lost(place):
    matter = opened(place, yes_no_matter(place))
    first, second = roll(matter)[:2]
    draws = iter([7, 7, 8])
    one = ballots.cast_online(
        code=services.code_of(first), choices=["yes"], address=ADDRESS, randbits=lambda _: next(draws)
    )
    two = ballots.cast_online(
        code=services.code_of(second), choices=["no"], address=ADDRESS, randbits=lambda _: next(draws)
    )
    assert one.code != two.code
    assert LedgerEntry.objects.filter(matter=matter).count() == 2
    assert ledger.verify(matter).ok


def test_the_commune_is_told_when_a_result_awaits_recognition_and_when_it_is_late(place):
    from decisions.reminders import send_recognition_reminders
    from notifications.models import Notification

    matter = convention_decided(place, yes=7, no=1)
    matter.closed_at = datetime(2026, 11, 13, 9, tzinfo=UTC)
    services.send_for_recognition(by=place.village_head, matter=matter, sent_on=date(2026, 11, 13))
    told = Notification.objects.filter(user=place.officer)
    assert told.count() == 1 and "chờ công nhận" in told.get().title
    assert not Notification.objects.filter(user=place.outsider).exists()
    # Due Friday 20 Nov: Thursday brings "due tomorrow", the next Monday "overdue", and each only once.
    assert send_recognition_reminders(date(2026, 11, 18)) == 0
    assert send_recognition_reminders(date(2026, 11, 19)) == 1
    assert send_recognition_reminders(date(2026, 11, 19)) == 0
    assert send_recognition_reminders(date(2026, 11, 23)) == 1
    assert send_recognition_reminders(date(2026, 11, 24)) == 0
    assert [n.title.split(":")[0] for n in told.order_by("id")] == [
        "Kết quả biểu quyết chờ công nhận",
        "Sắp đến hạn công nhận",
        "Quá hạn công nhận",
    ]


@pytest.mark.django_db(transaction=True)
def test_a_ballot_goes_through_when_the_database_dropped_the_connection(place):
    """The ballot path skips Django's per-request health check; it reconnects instead (PostgreSQL)."""
    import psycopg
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("only a database server drops connections")

    def drop_connection():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
        settings_dict = connection.settings_dict
        with psycopg.connect(
            host=settings_dict["HOST"] or "127.0.0.1",
            port=settings_dict["PORT"] or 5432,
            user=settings_dict["USER"],
            dbname=settings_dict["NAME"],
            autocommit=True,
        ) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", [backend])

    matter = opened(place, yes_no_matter(place))
    first, second = roll(matter)[:2]
    # The ballot page was shown, so the worker knows the ballot: one statement takes the vote, and runs again
    # after reconnecting (its receipt is not in the ledger).
    ballots.ballot_meta(matter.pk, matter.code_salt)
    drop_connection()
    one = ballots.cast_online(code=services.code_of(first), choices=["yes"], address=ADDRESS, matter_id=matter.pk)
    # Without the matter, the code is looked up first: that read reconnects.
    drop_connection()
    two = ballots.cast_online(code=services.code_of(second), choices=["no"], address=ADDRESS)
    assert LedgerEntry.objects.filter(matter=matter, receipt__in=[one.code, two.code]).count() == 2
    assert ledger.live_totals(matter.pk)[Source.ONLINE] == {"yes": 1, "no": 1, ledger.VALID_KEY: 2}


@pytest.mark.django_db(transaction=True)
def test_a_ballot_committed_before_its_connection_broke_is_acknowledged_once(place, monkeypatch):
    """The reply was lost after the commit: the receipt is found in the ledger, and the ballot is not run again."""
    from django.db import OperationalError, connection

    if connection.vendor != "postgresql":
        pytest.skip("the one-statement ballot is PostgreSQL's")
    matter = opened(place, yes_no_matter(place))
    entry = roll(matter)[0]
    ballots.ballot_meta(matter.pk, matter.code_salt)
    real = ballots._fetchone
    calls = []

    def reply_lost(db, sql, params, **kwargs):
        row = real(db, sql, params, **kwargs)
        calls.append(sql)
        if sql is ballots._ONE_STATEMENT and len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return row

    monkeypatch.setattr(ballots, "_fetchone", reply_lost)
    receipt = ballots.cast_online(code=services.code_of(entry), choices=["yes"], address=ADDRESS, matter_id=matter.pk)
    assert calls == [ballots._ONE_STATEMENT, ballots._RECEIPT_TAKEN]
    assert list(LedgerEntry.objects.filter(matter=matter).values_list("receipt", flat=True)) == [receipt.code]
    assert ledger.live_totals(matter.pk)[Source.ONLINE] == {"yes": 1, ledger.VALID_KEY: 1}


def test_a_ballot_allowing_more_names_than_candidates_says_so(place):
    """Not "at least as many names as seats" when that holds: the names allowed are more than the candidates."""
    from django.core.exceptions import ValidationError

    from decisions.tests.conftest import secret_vote

    with pytest.raises(ValidationError) as refused:
        secret_vote(
            place,
            matter_type="board_election",
            online_voting=False,
            ballot_kind="choose_up_to",
            options=["A", "B", "C", "D"],
            seats=2,
            max_choices=5,
        )
    messages = refused.value.message_dict
    assert messages["max_choices"] == ["Một phiếu không được chọn nhiều tên hơn số người ứng cử."]


def test_closing_waits_for_the_counts_of_those_who_voted_at_the_meeting_or_on_a_sheet(place, settings):
    """Households checked in or with a returned sheet take part: closing before their count is entered would count
    them in the turnout and leave their votes out of the result (here a round that keeps the meeting's hands)."""
    from django.core.exceptions import ValidationError

    settings.BALLOT_ROUND_READING = "absent_households"
    matter = meeting_matter(place, matter_type="other_self_managed")
    entries = roll(matter)
    assert sheet_round(place, matter) == matter
    services.issue_sheets(by=place.officer, matter=matter, entries=entries[:2])
    services.return_sheet(by=place.officer, entry=entries[0])
    services.return_sheet(by=place.officer, entry=entries[1])
    with pytest.raises(ValidationError, match="2 phiếu giấy đã nộp chưa có"):
        services.close_voting(by=place.officer, matter=matter)
    services.enter_count(
        by=place.officer, matter=matter, count=services.EnteredCount(Source.SHEET, {"yes": 2}, returned=2)
    )
    services.check_in(by=place.village_head, entry=entries[2])
    with pytest.raises(ValidationError, match="1 hộ đã biểu quyết tại cuộc họp"):
        services.close_voting(by=place.officer, matter=matter)
    services.enter_count(by=place.officer, matter=matter, count=services.EnteredCount(Source.MEETING, {"no": 1}))
    closed = services.close_voting(by=place.officer, matter=matter)
    assert closed.result["votes"] == {"yes": 2, "no": 1}


def test_a_matter_decided_at_the_meeting_takes_no_online_ballot(place):
    """Law 10/2022 Art. 17 §2: a contribution is decided at the meeting or on sheets. Its household codes, printed
    on the sheets, do not vote online: the ballot is refused and nothing is counted."""
    matter = opened(place, yes_no_matter(place, matter_type="contribution_policy", online_voting=False))
    entry = roll(matter)[0]
    with pytest.raises(ballots.BallotRefused) as refused:
        vote(entry, ["yes"])
    assert refused.value.reason == "not_online"
    assert not LedgerEntry.objects.filter(matter=matter).exists()
    assert RollEntry.objects.get(pk=entry.pk).voted_via == ""


def test_online_voting_turned_on_in_the_database_breaks_the_chains(place):
    from django.db import connection

    from decisions.models import Matter

    matter = opened(place, yes_no_matter(place, online_voting=False))  # other work, decided offline
    with connection.cursor() as cursor:
        cursor.execute("UPDATE decisions_matter SET online_voting = %s WHERE id = %s", [True, matter.pk])
    vote(roll(matter)[0], ["yes"])  # taken, as the row now says online voting is on…
    check = ledger.verify(Matter.objects.get(pk=matter.pk))
    assert any("does not match its hash" in p.english for p in check.problems)  # …and the chains say it was not


def test_online_voting_turned_on_for_a_matter_the_law_keeps_offline_takes_no_ballot(place):
    """The flag alone does not make it lawful: the ballot's statement checks the matter's type (a fresh attack
    turned it on in the database for a village convention)."""
    from django.db import connection

    matter = opened(place, yes_no_matter(place, matter_type="village_convention", online_voting=False, **held()))
    with connection.cursor() as cursor:
        cursor.execute("UPDATE decisions_matter SET online_voting = %s WHERE id = %s", [True, matter.pk])
    with pytest.raises(ballots.BallotRefused) as refused:
        vote(roll(matter)[0], ["yes"])
    assert refused.value.reason == "not_online"


def test_a_household_code_changed_in_the_database_is_reported(place):
    from django.db import connection

    matter = opened(place, yes_no_matter(place))
    with connection.cursor() as cursor:
        cursor.execute("UPDATE decisions_rollentry SET code_hash = %s WHERE id = %s", ["0" * 64, roll(matter)[4].pk])
    assert "household codes changed outside the server: 1" in [p.english for p in ledger.verify(matter).problems]
