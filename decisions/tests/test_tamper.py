"""Everything that decides a result is in the tamper evidence: an edit made straight in the database to any row
that decides the outcome is reported by verify_ledger and the public check, and no page or document shows a result
that the recount does not give."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone, translation
from django.utils.html import escape

from decisions import ledger, selectors, services
from decisions.models import Matter, Source
from decisions.tests.conftest import roll, secret_vote, sheet_round, slips, yes_no_matter
from decisions.tests.test_voting import vote


def _closed_open_ballot(place):
    matter = services.open_voting(by=place.officer, matter=yes_no_matter(place))
    entries = roll(matter)
    for entry in entries[:4]:
        vote(entry, ["yes"])
    vote(entries[4], ["no"])
    services.check_in(by=place.village_head, entry=entries[5])
    services.enter_count(by=place.officer, matter=matter, count=services.EnteredCount(Source.MEETING, {"yes": 1}))
    sheet_round(place, matter)
    services.issue_sheets(by=place.officer, matter=matter, entries=entries[6:8])
    services.return_sheet(by=place.officer, entry=entries[6])
    services.enter_count(
        by=place.officer, matter=matter, count=services.EnteredCount(Source.SHEET, {"yes": 1}, returned=1)
    )
    matter = services.close_voting(by=place.officer, matter=matter)
    assert matter.result["outcome"] == "valid" and matter.result["votes"] == {"yes": 6, "no": 1}
    # Other self-managed work is in effect from the vote day: sending it publishes the result and seals the sending.
    services.send_for_recognition(by=place.officer, matter=matter, sent_on=timezone.localdate())
    return Matter.objects.get(pk=matter.pk)


def _sql(statement: str, params) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        assert cursor.rowcount >= 1, statement


EDITS = {
    # 6 for, 1 against over a roll of 10 stays "adopted": the edit flips it the other way, as a forger would.
    "the stored result": (
        "UPDATE decisions_matter SET result = REPLACE(result, '\"valid\"', '\"failed\"') WHERE id = %(matter)s"
    ),
    "its figures": (
        "UPDATE decisions_matter SET result = REPLACE(result, '\"yes\": 6', '\"yes\": 7') WHERE id = %(matter)s"
    ),
    "the roll's size": "UPDATE decisions_matter SET roll_size = roll_size + 1 WHERE id = %(matter)s",
    "a household on the frozen roll": (
        "UPDATE decisions_rollentry SET name = 'Người khác' WHERE matter_id = %(matter)s AND position = 9"
    ),
    "a household added to the roll": (
        "INSERT INTO decisions_rollentry (matter_id, household_code, name, address, position, voted_via, attended,"
        " sheet_issued, sheet_returned) VALUES (%(matter)s, 'X-1', 'Hộ ma', '', 99, 'online', false, false, false)"
    ),
    "a way of voting on the roll": (
        "UPDATE decisions_rollentry SET voted_via = 'online' WHERE matter_id = %(matter)s AND position = 10"
    ),
    "attendance at the meeting": (
        "UPDATE decisions_rollentry SET attended = true WHERE matter_id = %(matter)s AND position = 9"
    ),
    "the sheets register": (
        "UPDATE decisions_rollentry SET sheet_returned = true WHERE matter_id = %(matter)s AND position = 8"
    ),
    "a count entered at the meeting": (
        "UPDATE decisions_ledgerentry SET payload = REPLACE(payload, 'yes=1', 'yes=3')"
        " WHERE matter_id = %(matter)s AND kind = 'C' AND source = 'meeting'"
    ),
    "a live counter the pages show": (
        "UPDATE decisions_tally SET n = n + 5 WHERE matter_id = %(matter)s AND key = 'no' AND source = 'online'"
        " AND lane = (SELECT MIN(lane) FROM decisions_tally WHERE matter_id = %(matter)s AND key = 'no' AND n > 0)"
    ),
    "the recognition": "UPDATE decisions_recognition SET decision_number = '99/QĐ-UBND' WHERE matter_id = %(matter)s",
    "the published final hash": "UPDATE decisions_matter SET final_hash = REPEAT('a', 64) WHERE id = %(matter)s",
    # A forger who erases what the result is checked by, hoping that nothing is then checked.
    "the result, with its final hash and seal erased": (
        "UPDATE decisions_matter SET final_hash = '', seal = '', result = REPLACE(result, '\"valid\"', '\"failed\"')"
        " WHERE id = %(matter)s"
    ),
    "the question residents were asked": "UPDATE decisions_matter SET question = 'Phá trường?' WHERE id = %(matter)s",
    "the matter's type, which sets its rule": (
        "UPDATE decisions_matter SET matter_type = 'village_head_dismissal' WHERE id = %(matter)s"
    ),
    "a household set back to not voted, so that its code votes again": (
        "UPDATE decisions_rollentry SET voted_via = '' WHERE matter_id = %(matter)s AND voted_via = 'online'"
        " AND position = (SELECT MIN(position) FROM decisions_rollentry WHERE matter_id = %(matter)s"
        " AND voted_via = 'online')"
    ),
    "the recognition, erased": "DELETE FROM decisions_recognition WHERE matter_id = %(matter)s",
}


@pytest.mark.parametrize("what", list(EDITS))
def test_editing_a_row_that_decides_the_result_is_reported_and_no_result_is_shown(client, place, what):
    matter = _closed_open_ballot(place)
    assert ledger.verify(matter).ok and selectors.shown_result(matter)[0]
    if connection.vendor == "sqlite":  # SQLite stores JSON as text with ", " and ": " as Django wrote it
        _sql(EDITS[what], {"matter": matter.pk})
    else:
        _sql(
            EDITS[what]
            .replace("result = REPLACE(result,", "result = REPLACE(result::text,")
            .replace("') WHERE id", "')::jsonb WHERE id"),
            {"matter": matter.pk},
        )
    cache.clear()
    matter = Matter.objects.get(pk=matter.pk)
    problems = ledger.verify(matter).problems
    assert problems
    with pytest.raises(CommandError):
        call_command("verify_ledger", str(matter.pk))
    bulletin = client.get(f"/bieu-quyet/{matter.pk}/").content.decode()
    assert "không khớp với sổ cái" in bulletin and 'class="panel result-' not in bulletin
    assert 'id="verdict"' in (check := client.get(f"/bieu-quyet/{matter.pk}/kiem-tra/").content.decode())
    assert 'class="errors"' in check.split('id="verdict"')[0][-60:]
    with translation.override("vi"):  # what went wrong, said in Vietnamese on the Vietnamese page
        assert all(escape(str(p)) in check and p.english not in check for p in problems), problems
    assert client.get(f"/api/public/decisions/{matter.pk}").json()["result"] is None
    client.force_login(place.officer)
    assert client.get(f"/decisions/{matter.pk}/minutes.docx").status_code == 302


def test_a_rule_changed_while_voting_is_open_is_reported_after_closing(place):
    """The matter's type decides its threshold: swapped before closing, closing would compute a lawful-looking
    result under the wrong rule, so the type is part of what every chain starts from."""
    matter = services.open_voting(by=place.officer, matter=yes_no_matter(place))
    for entry, choice in zip(roll(matter)[:7], ["yes"] * 4 + ["no"] * 3, strict=True):
        vote(entry, [choice])
    _sql(
        "UPDATE decisions_matter SET matter_type = 'village_head_dismissal' WHERE id = %(matter)s",
        {"matter": matter.pk},
    )
    matter = services.close_voting(by=place.officer, matter=Matter.objects.get(pk=matter.pk))
    assert not ledger.verify(matter).ok


def test_an_edit_made_after_the_page_was_checked_is_caught_on_the_next_read(client, place):
    matter = _closed_open_ballot(place)
    assert 'class="panel result-' in client.get(f"/bieu-quyet/{matter.pk}/").content.decode()  # checked and kept
    _sql(EDITS["the stored result"], {"matter": matter.pk}) if connection.vendor == "sqlite" else _sql(
        "UPDATE decisions_matter SET result = jsonb_set(result, '{outcome}', '\"failed\"') WHERE id = %(matter)s",
        {"matter": matter.pk},
    )
    bulletin = client.get(f"/bieu-quyet/{matter.pk}/").content.decode()
    assert "không khớp với sổ cái" in bulletin and 'class="panel result-' not in bulletin


@pytest.mark.parametrize("edit", ["a live counter the pages show", "a way of voting on the roll"])
def test_an_edit_to_what_the_pages_count_is_caught_on_the_next_read(client, place, edit):
    matter = _closed_open_ballot(place)
    assert 'class="panel result-' in client.get(f"/bieu-quyet/{matter.pk}/").content.decode()  # checked and kept
    _sql(EDITS[edit], {"matter": matter.pk})
    bulletin = client.get(f"/bieu-quyet/{matter.pk}/").content.decode()
    assert "không khớp với sổ cái" in bulletin and 'class="panel result-' not in bulletin


def test_a_secret_ballot_s_opened_totals_cannot_be_edited_unseen(place):
    matter = services.open_voting(by=place.officer, matter=secret_vote(place))
    for entry, choice in zip(roll(matter)[:7], ["c1"] * 5 + ["c2"] * 2, strict=True):
        vote(entry, [choice])
    matter = services.close_voting(by=place.officer, matter=matter, shares=slips(matter))
    assert matter.result["votes"] == {"c1": 5, "c2": 2} and ledger.verify(matter).ok
    call_command("verify_ledger", str(matter.pk), "--proofs")  # every ballot's own proofs hold too
    # A forger who rewrites the opened totals and recomputes every hash after it, in the chain and the final hash,
    # still fails: the totals' proofs do not hold for the summed ballots, and the server's seal no longer matches.
    entry = matter.ledger.get(kind="D")
    forged = entry.payload.replace("c1=5,c2=2", "c1=2,c2=5")
    _sql("UPDATE decisions_ledgerentry SET payload = %s WHERE id = %s", [forged, entry.pk])
    check = ledger.verify(Matter.objects.get(pk=matter.pk))
    assert any("not what its ballots hold" in p.english for p in check.problems)


def test_a_code_hash_moved_onto_another_household_opens_nothing(place):
    """Someone who can write to the database but has not the server's key moves their own code's hash onto another
    household's row, hoping to vote for it: the hash is tied to its row with a key the database does not hold."""
    from decisions.ballots import BallotRefused, cast_online
    from decisions.models import RollEntry

    matter = services.open_voting(by=place.officer, matter=yes_no_matter(place))
    own, target = roll(matter)[:2]
    own_hash, target_hash = own.code_hash, target.code_hash
    RollEntry.objects.filter(pk=own.pk).update(code_hash=None)
    RollEntry.objects.filter(pk=target.pk).update(code_hash=own_hash)
    with pytest.raises(BallotRefused) as refused:
        cast_online(code=services.code_of(own), choices=["yes"], address="192.0.2.7")
    assert refused.value.reason == "unknown_code"
    assert not RollEntry.objects.get(pk=target.pk).voted_via and not matter.ledger.exists()
    # Put back, the code votes for its own household, once.
    RollEntry.objects.filter(pk=target.pk).update(code_hash=target_hash)
    RollEntry.objects.filter(pk=own.pk).update(code_hash=own_hash)
    cast_online(code=services.code_of(own), choices=["yes"], address="192.0.2.7")
    assert RollEntry.objects.get(pk=own.pk).voted_via == "online" and not RollEntry.objects.get(pk=target.pk).voted_via


def test_a_row_no_append_could_write_is_reported_not_a_crash(client, place):
    matter = _closed_open_ballot(place)
    _sql(
        "INSERT INTO decisions_ledgerentry (matter_id, lane, seq, kind, source, receipt, payload, hash)"
        " VALUES (%(matter)s, 8, 1, 'B', 'online', NULL, 'x', 'x')",
        {"matter": matter.pk},
    )
    _sql(
        "UPDATE decisions_ledgerentry SET kind = 'C' WHERE matter_id = %(matter)s AND kind = 'B'", {"matter": matter.pk}
    )
    cache.clear()
    assert any("cannot be read" in p.english for p in ledger.verify(matter).problems)
    assert client.get(f"/bieu-quyet/{matter.pk}/kiem-tra/").status_code == 200
    # Set back to "draft", it is still checked by the command run over every matter.
    _sql("UPDATE decisions_matter SET status = 'draft' WHERE id = %(matter)s", {"matter": matter.pk})
    with pytest.raises(CommandError):
        call_command("verify_ledger")


def _rehash(matter) -> None:
    """What a database writer without the server's key can do: recompute every lane's hashes and its head."""
    from decisions.models import ChainHead, LedgerEntry

    opening = ledger.opening_digest(Matter.objects.get(pk=matter.pk))
    for head in ChainHead.objects.filter(matter=matter):
        last = ledger.genesis(matter.pk, head.lane, opening)
        entries = LedgerEntry.objects.filter(matter=matter, lane=head.lane).order_by("seq")
        for entry in entries:
            last = ledger.chain(last, entry.payload)
            LedgerEntry.objects.filter(pk=entry.pk).update(hash=last)
        ChainHead.objects.filter(pk=head.pk).update(last_hash=last, seq=entries.count())


def test_a_vote_rewritten_and_re_hashed_while_open_is_reported_and_closing_does_not_launder_it(place):
    from decisions.ballots import BallotRefused, cast_online

    matter = services.open_voting(by=place.officer, matter=yes_no_matter(place))
    entries = roll(matter)
    for entry in entries[:3]:
        vote(entry, ["no"])
    _sql(
        "UPDATE decisions_ledgerentry SET payload = REPLACE(payload, '|no', '|yes') WHERE matter_id = %(matter)s",
        {"matter": matter.pk},
    )
    _sql("UPDATE decisions_tally SET key = 'tmp' WHERE matter_id = %(matter)s AND key = 'no'", {"matter": matter.pk})
    _sql("UPDATE decisions_tally SET key = 'no' WHERE matter_id = %(matter)s AND key = 'yes'", {"matter": matter.pk})
    _sql("UPDATE decisions_tally SET key = 'yes' WHERE matter_id = %(matter)s AND key = 'tmp'", {"matter": matter.pk})
    _rehash(matter)
    assert any("not written by the server" in p.english for p in ledger.verify(matter).problems)
    # A re-hashed lane takes no more ballots (the statement checks the head first) ...
    lane = matter.ledger.first().lane
    with pytest.raises(BallotRefused):
        cast_online(code=services.code_of(entries[3]), choices=["yes"], address="192.0.2.9", pick=lambda n: lane)
    # ... and closing seals nothing the server did not write: the forged lanes stay reported.
    matter = services.close_voting(by=place.officer, matter=Matter.objects.get(pk=matter.pk))
    assert any("not written by the server" in p.english for p in ledger.verify(matter).problems)


def test_a_closed_vote_reopened_in_the_database_is_reported_and_takes_no_ballot(place):
    from decisions.ballots import BallotRefused, cast_online

    matter = services.open_voting(by=place.officer, matter=yes_no_matter(place))
    entries = roll(matter)
    vote(entries[0], ["no"])
    matter = services.close_voting(by=place.officer, matter=matter)
    _sql(
        "UPDATE decisions_matter SET status = 'open', final_hash = '', seal = '', result = NULL, closed_at = NULL"
        " WHERE id = %(matter)s",
        {"matter": matter.pk},
    )
    _sql(
        "UPDATE decisions_chainhead SET is_open = %(yes)s WHERE matter_id = %(matter)s",
        {"matter": matter.pk, "yes": True},
    )
    cache.clear()
    assert any(
        "not written by the server" in p.english for p in ledger.verify(Matter.objects.get(pk=matter.pk)).problems
    )
    before = matter.ledger.count()
    for lane in range(8):  # every lane refuses: each head's check says it was closed
        with pytest.raises(BallotRefused):
            cast_online(
                code=services.code_of(entries[1]),
                choices=["yes"],
                address="192.0.2.9",
                pick=lambda n, chosen=lane: chosen,
            )
    assert matter.ledger.count() == before


def test_a_code_set_back_to_not_voted_cannot_vote_twice_unseen(place):
    """A database writer lets one household's code vote twice: its entry is set back to "not voted" (with the check
    it had before voting, read earlier) and an absent household is marked as having voted online, so that the
    ballots still match the households. The absent household's check cannot be made without the server's key."""
    from decisions.models import RollEntry

    matter = services.open_voting(by=place.officer, matter=yes_no_matter(place))
    voter, absent = roll(matter)[:2]
    pristine = RollEntry.objects.get(pk=voter.pk).state_check
    vote(voter, ["yes"])
    _sql("UPDATE decisions_rollentry SET voted_via = '', state_check = %s WHERE id = %s", [pristine, voter.pk])
    _sql(
        "UPDATE decisions_rollentry SET voted_via = 'online', state_check = %s WHERE id = %s",
        [RollEntry.objects.get(pk=voter.pk).state_check, absent.pk],
    )
    vote(voter, ["yes"])  # the server takes it: the entry looks as if it never voted
    matter = services.close_voting(by=place.officer, matter=Matter.objects.get(pk=matter.pk))
    assert matter.result["votes"]["yes"] == 2
    problems = [p.english for p in ledger.verify(matter).problems]
    assert problems == [f"roll entries changed outside the server: 1 (at places {absent.position})"], problems
    cache.clear()
    assert selectors.shown_result(matter) == ({}, ledger.verify(matter).problems)


def test_each_way_of_voting_leaves_the_check_the_server_computes(place):
    """The state check written by the ballot's SQL and by the officers' services is the one decisions.ledger
    defines, on either database: the benchmark's builders and any independent checker compute it the same way."""
    from decisions.models import RollEntry

    matter = services.open_voting(by=place.officer, matter=yes_no_matter(place))
    entries = roll(matter)
    vote(entries[0], ["yes"])
    services.check_in(by=place.village_head, entry=entries[1])
    sheet_round(place, matter)
    services.issue_sheets(by=place.officer, matter=matter, entries=entries[2:4])
    services.return_sheet(by=place.officer, entry=entries[2])
    for entry in RollEntry.objects.filter(matter=matter):
        expected = ledger.roll_state_check(
            entry.pk, matter.pk, entry.voted_via, entry.attended, entry.sheet_issued, entry.sheet_returned
        )
        assert entry.state_check == expected, entry.position
    assert [e.voted_via for e in RollEntry.objects.filter(matter=matter).order_by("position")][:4] == [
        "online",
        "meeting",
        "sheet",
        "",
    ]


@pytest.mark.parametrize(
    "edit",
    [
        "ledger_format = 2",  # to skip the roll entries' state checks
        "ledger_format = 3",  # to leave the rule book out of the genesis
        "rule_version = 'platform-1'",  # the first reading: more than half of those on the roll, with a quorum
    ],
)
def test_the_format_or_the_rule_book_set_back_breaks_the_chains(place, edit):
    matter = services.open_voting(by=place.officer, matter=yes_no_matter(place))
    assert matter.ledger_format == 4 and matter.rule_version == "2023-07-01"
    vote(roll(matter)[0], ["yes"])
    _sql(f"UPDATE decisions_matter SET {edit} WHERE id = %(matter)s", {"matter": matter.pk})
    assert any("does not match its hash" in p.english for p in ledger.verify(Matter.objects.get(pk=matter.pk)).problems)


@pytest.mark.parametrize("way", ["meeting", "sheet"])
def test_a_household_counted_elsewhere_set_back_to_vote_online_is_reported(place, way):
    """The check of an entry's earlier state (read before it voted) passes its own check; a household that voted at
    the meeting or on a sheet, set back like that, votes again online: the counts it was part of now have more
    votes than households voting that way."""
    from decisions.models import RollEntry

    matter = services.open_voting(by=place.officer, matter=yes_no_matter(place))
    entries = roll(matter)
    pristine = RollEntry.objects.get(pk=entries[0].pk).state_check
    if way == "meeting":
        services.check_in(by=place.village_head, entry=entries[0])
        count = services.EnteredCount(Source.MEETING, {"yes": 1})
    else:
        sheet_round(place, matter)
        services.issue_sheets(by=place.officer, matter=matter, entries=entries[:1])
        services.return_sheet(by=place.officer, entry=entries[0])
        count = services.EnteredCount(Source.SHEET, {"yes": 1}, returned=1)
    services.enter_count(by=place.officer, matter=matter, count=count)
    _sql(
        "UPDATE decisions_rollentry SET voted_via = '', attended = %s, sheet_issued = %s, sheet_returned = %s,"
        " state_check = %s WHERE id = %s",
        [False, False, False, pristine, entries[0].pk],
    )
    vote(entries[0], ["yes"])
    matter = services.close_voting(by=place.officer, matter=Matter.objects.get(pk=matter.pk))
    problems = [p.english for p in ledger.verify(matter).problems]
    expected = {"meeting": "the meeting's count has more votes than households voting there"}
    assert problems == [expected.get(way, "more ballot sheets were counted than households returned")], problems


def test_a_count_relabelled_to_another_source_is_reported(place):
    """The meeting's count relabelled in the ledger's source column as the sheets' (so that the sheets' later count
    replaces it) and its live counter zeroed: the payload says where the count came from, and it is hashed."""
    matter = _closed_open_ballot(place)
    _sql(
        "UPDATE decisions_ledgerentry SET source = 'sheet' WHERE matter_id = %(matter)s AND kind = 'C'"
        " AND source = 'meeting'",
        {"matter": matter.pk},
    )
    _sql("UPDATE decisions_tally SET n = 0 WHERE matter_id = %(matter)s AND source = 'meeting'", {"matter": matter.pk})
    problems = [p.english for p in ledger.verify(matter).problems]
    assert any("filed under another source" in p for p in problems), problems
    assert "the live counters differ from the ledger's recount" in problems


def test_an_officer_s_action_does_not_launder_an_entry_changed_in_the_database(place):
    """A household marked in the database as having voted online (to make room for another code's second vote)
    then comes to the meeting: checking it in must not write a fresh check over the forged state."""
    from django.core.exceptions import ValidationError

    from decisions.models import RollEntry

    matter = services.open_voting(by=place.officer, matter=yes_no_matter(place))
    forged, other = roll(matter)[:2]
    _sql("UPDATE decisions_rollentry SET voted_via = 'online' WHERE id = %s", [forged.pk])
    with pytest.raises(ValidationError):
        services.check_in(by=place.village_head, entry=RollEntry.objects.get(pk=forged.pk))
    sheet_round(place, matter)
    with pytest.raises(ValidationError):
        services.issue_sheets(by=place.officer, matter=matter, entries=[forged]) or services.return_sheet(
            by=place.officer, entry=RollEntry.objects.get(pk=forged.pk)
        )
    assert not RollEntry.objects.get(pk=forged.pk).sheet_issued
    # Nor does a ballot claim an entry set back to "not voted" without the check it had.
    vote(other, ["yes"])
    _sql("UPDATE decisions_rollentry SET voted_via = '' WHERE id = %s", [other.pk])
    from decisions.ballots import BallotRefused

    with pytest.raises(BallotRefused):
        vote(other, ["yes"])
    assert matter.ledger.count() == 1
    problems = [p.english for p in ledger.verify(Matter.objects.get(pk=matter.pk)).problems]
    assert problems and "roll entries changed outside the server: 2" in problems[0], problems


def test_anyone_recomputes_every_hash_from_the_published_ledger_alone(client, place):
    import hashlib
    import re

    matter = _closed_open_ballot(place)
    text = b"".join(client.get(f"/bieu-quyet/{matter.pk}/so-cai.txt").streaming_content).decode()
    header, *rows = text.strip().split("\n")
    opening = re.search(r"/opening/([0-9a-f]{64})'", header).group(1)
    closing = re.search(r"closing digest ([0-9a-f]{64})", header).group(1)
    last = [
        hashlib.sha256(f"grassroots/decisions/matter/{matter.pk}/lane/{lane}/opening/{opening}".encode()).hexdigest()
        for lane in range(8)
    ]
    for row in rows:
        lane, _seq, payload, digest = row.split("\t")
        last[int(lane)] = hashlib.sha256(f"{last[int(lane)]}\n{payload}".encode()).hexdigest()
        assert last[int(lane)] == digest
    assert hashlib.sha256("\n".join([*last, closing]).encode()).hexdigest() == matter.final_hash
    assert f"final hash {matter.final_hash}" in header


def test_the_cached_check_sees_a_chain_head_or_recognition_edit_on_the_next_read(client, place):
    matter = _closed_open_ballot(place)
    assert 'class="panel result-' in client.get(f"/bieu-quyet/{matter.pk}/").content.decode()  # checked and kept
    _sql(EDITS["the recognition"], {"matter": matter.pk})
    assert "không khớp với sổ cái" in client.get(f"/bieu-quyet/{matter.pk}/").content.decode()
    _sql("UPDATE decisions_recognition SET decision_number = '' WHERE matter_id = %s", [matter.pk])
    assert 'class="panel result-' in client.get(f"/bieu-quyet/{matter.pk}/").content.decode()  # put back: fine
    _sql("UPDATE decisions_chainhead SET last_hash = REPEAT('b', 64) WHERE matter_id = %s AND lane = 0", [matter.pk])
    assert "không khớp với sổ cái" in client.get(f"/bieu-quyet/{matter.pk}/").content.decode()


def test_closing_counts_from_the_ledger_when_the_live_counters_were_moved(place):
    """Fifteen "no" moved to "yes" in the counters before closing: the result is the ledger's, the counters are set
    back, the history says why, and the vote can still be verified and recognised."""
    from django.utils import translation

    from decisions.models import Tally
    from grassroots.history import history_of

    matter = services.open_voting(by=place.officer, matter=yes_no_matter(place))
    for entry in roll(matter)[:7]:
        vote(entry, ["no"])
    Tally.objects.filter(matter=matter, key="no").update(key="tmp")
    Tally.objects.filter(matter=matter, key="yes").update(key="no")
    Tally.objects.filter(matter=matter, key="tmp").update(key="yes")
    matter = services.close_voting(by=place.officer, matter=matter)
    assert matter.result["votes"] == {"yes": 0, "no": 7} and matter.result["outcome"] == "failed"
    assert ledger.verify(matter).ok
    with translation.override("en"):
        assert any("counted from the ledger" in entry.reason for entry in history_of(matter))
