"""Tamper evidence: the ledger's hash chains, the published final hash, and the recount from the ledger."""

import pytest
from django.core.management import CommandError, call_command

from decisions import ballots, ledger, services
from decisions.models import ChainHead, LedgerEntry, Source
from decisions.tests.conftest import roll, yes_no_matter


def english(check) -> list[str]:
    return [problem.english for problem in check.problems]


def closed_vote(place):
    matter = services.open_voting(by=place.officer, matter=yes_no_matter(place))
    entries = roll(matter)
    for i, entry in enumerate(entries[:6]):
        ballots.cast_online(code=services.code_of(entry), choices=["yes" if i < 4 else "no"], address="192.0.2.1")
    for entry in entries[6:8]:
        services.check_in(by=place.village_head, entry=entry)
    services.enter_count(
        by=place.officer, matter=matter, count=services.EnteredCount(Source.MEETING, {"yes": 1, "no": 1})
    )
    return services.close_voting(by=place.officer, matter=matter)


def test_an_untouched_ledger_verifies_and_its_recount_equals_the_live_tally(place):
    matter = closed_vote(place)
    check = ledger.verify(matter)
    assert check.ok, check.problems
    assert check.recount.totals() == {"yes": 5, "no": 3, ledger.VALID_KEY: 8, ledger.INVALID_KEY: 0}
    live = ledger.live_totals(matter.pk)
    assert {source: dict(cells) for source, cells in live.items()} == {
        source: {k: v for k, v in cells.items() if v} for source, cells in check.recount.by_source.items()
    }
    assert matter.result["votes"] == {"yes": 5, "no": 3}


def test_editing_a_ballot_in_the_database_is_detected(place):
    matter = closed_vote(place)
    ballot = LedgerEntry.objects.filter(matter=matter, kind="B", payload__endswith="|no").first()
    LedgerEntry.objects.filter(pk=ballot.pk).update(payload=ballot.payload.replace("|no", "|yes"))
    check = ledger.verify(matter)
    assert not check.ok
    assert f"lane {ballot.lane}: entry {ballot.seq} does not match its hash" in english(check)


def test_rewriting_a_ballot_with_its_hash_still_breaks_the_chain(place):
    matter = closed_vote(place)
    ballot = LedgerEntry.objects.filter(matter=matter, kind="B").order_by("lane", "seq").first()
    prefix, choice = ballot.payload.rsplit("|", 1)
    payload = f"{prefix}|{'no' if choice == 'yes' else 'yes'}"
    previous = LedgerEntry.objects.filter(matter=matter, lane=ballot.lane, seq=ballot.seq - 1).first()
    start = previous.hash if previous else ledger.genesis(matter.pk, ballot.lane, ledger.opening_digest(matter))
    LedgerEntry.objects.filter(pk=ballot.pk).update(payload=payload, hash=ledger.chain(start, payload))
    assert not ledger.verify(matter).ok


def test_removing_the_last_entry_of_a_lane_is_detected(place):
    matter = closed_vote(place)
    # The highest sequence number of all is the end of its lane, whatever the kind of entry.
    last = LedgerEntry.objects.filter(matter=matter).order_by("-seq", "lane").first()
    last.delete()
    check = ledger.verify(matter)
    assert not check.ok
    # Even with the lane's head rewritten to match, the published final hash no longer does.
    ChainHead.objects.filter(matter=matter, lane=last.lane).update(
        seq=last.seq - 1, last_hash=check.lane_hashes[last.lane]
    )
    problems = english(ledger.verify(matter))
    assert "the final hash differs from the published one" in problems
    # And the head so rewritten has not the server's keyed check.
    assert f"lane {last.lane}: its head was not written by the server" in problems
    assert not any("does not match its hash" in p or "chain ends" in p for p in problems)


def test_the_verify_command_reports_a_broken_chain(place, capsys):
    matter = closed_vote(place)
    call_command("verify_ledger", str(matter.pk))
    assert "OK" in capsys.readouterr().out
    LedgerEntry.objects.filter(matter=matter, kind="C").update(payload="C|meeting|2|0|no=0,yes=2||x")
    with pytest.raises(CommandError, match="1 ledger"):
        call_command("verify_ledger", str(matter.pk))
    assert "does not match its hash" in capsys.readouterr().out


def test_an_entry_slipped_in_past_the_end_of_a_lane_is_detected(place):
    """The walk reads the ids between the chains' ends; an entry beyond them must not go unseen."""
    matter = closed_vote(place)
    head = ChainHead.objects.get(matter=matter, lane=3)
    payload = ledger.ballot_payload(Source.ONLINE, "FORGED0001", ["yes"])
    LedgerEntry.objects.create(
        matter=matter,
        lane=3,
        seq=head.seq + 1,
        kind="B",
        source=Source.ONLINE,
        receipt="FORGED0001",
        payload=payload,
        hash=ledger.chain(head.last_hash, payload),
    )
    check = ledger.verify(matter)
    assert not check.ok
    assert f"lane 3: the chain ends at entry {head.seq + 1}, not {head.seq}" in english(check)
    assert check.entries == LedgerEntry.objects.filter(matter=matter).count()
