"""A database set back to an earlier copy of itself, as an attacker with a backup or a replica (but not the server's
key) would do it: every state written back is one the server really wrote, so only the witness outside the
database (decisions.witness) can tell. Committed for real (transaction=True): the witness notes what commits."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from decisions import ballots, ledger, services
from decisions.models import Matter, Recognition, Source
from decisions.tests.conftest import convention_decided, roll, secret_vote, sheet_round, slips, yes_no_matter

pytestmark = pytest.mark.django_db(transaction=True)


def _sql(statement: str, params=()) -> list:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else []


def _vote(entry, choice):
    return ballots.cast_online(code=services.code_of(entry), choices=[choice], address="203.0.113.5").code


def _snapshot(matter_id: int) -> dict:
    """What a backup taken now holds of a vote."""
    return {
        "heads": _sql("SELECT id, seq, last_hash, mac FROM decisions_chainhead WHERE matter_id = %s", [matter_id]),
        "tally": _sql("SELECT id, n FROM decisions_tally WHERE matter_id = %s", [matter_id]),
        "roll": _sql(
            "SELECT id, voted_via, attended, sheet_issued, sheet_returned, state_check FROM decisions_rollentry"
            " WHERE matter_id = %s",
            [matter_id],
        ),
        "last": _sql("SELECT coalesce(max(id), 0) FROM decisions_ledgerentry WHERE matter_id = %s", [matter_id])[0][0],
    }


def _restore(matter_id: int, snapshot: dict) -> None:
    for head_id, seq, last_hash, mac in snapshot["heads"]:
        _sql(
            "UPDATE decisions_chainhead SET seq = %s, last_hash = %s, mac = %s WHERE id = %s",
            [seq, last_hash, mac, head_id],
        )
    for tally_id, n in snapshot["tally"]:
        _sql("UPDATE decisions_tally SET n = %s WHERE id = %s", [n, tally_id])
    for entry_id, way, attended, issued, returned, check in snapshot["roll"]:
        _sql(
            "UPDATE decisions_rollentry SET voted_via = %s, attended = %s, sheet_issued = %s, sheet_returned = %s,"
            " state_check = %s WHERE id = %s",
            [way, attended, issued, returned, check, entry_id],
        )
    _sql("DELETE FROM decisions_ledgerentry WHERE matter_id = %s AND id > %s", [matter_id, snapshot["last"]])


def _problems(matter) -> list[str]:
    return [p.english for p in ledger.verify(Matter.objects.get(pk=matter.pk)).problems]


@pytest.mark.parametrize("secret", [False, True], ids=["open", "secret"])
def test_ballots_rolled_back_to_a_backup_are_reported(place, secret):
    matter = services.open_voting(by=place.officer, matter=secret_vote(place) if secret else yes_no_matter(place))
    entries = roll(matter)
    first = "c1" if secret else "yes"
    for entry in entries[:3]:
        _vote(entry, first)
    backup = _snapshot(matter.pk)
    for entry in entries[3:8]:
        _vote(entry, first)
    _restore(matter.pk, backup)
    # Everything in the database now is what the server wrote after the third ballot: the chains, heads, counters
    # and roll agree, and five acknowledged ballots are gone (their households could even vote again).
    assert "acknowledged ballots missing from the ledger: 5" in _problems(matter)
    closed = services.close_voting(by=place.officer, matter=matter, shares=slips(matter) if secret else ())
    assert "acknowledged ballots missing from the ledger: 5" in _problems(closed)


def test_a_household_checked_in_then_set_back_to_its_earlier_state_is_reported(place):
    """The attendee's entry is written back as it was before check-in (a state the server wrote, with its valid
    check): the household could then vote again online, or drop out of the turnout."""
    matter = services.open_voting(by=place.officer, matter=yes_no_matter(place))
    entries = roll(matter)
    before = _snapshot(matter.pk)
    for entry in entries[:3]:
        services.check_in(by=place.village_head, entry=entry)
    services.enter_count(
        by=place.officer, matter=matter, count=services.EnteredCount(Source.MEETING, {"yes": 2, "no": 0}, invalid=0)
    )
    (row,) = [r for r in before["roll"] if r[0] == entries[2].pk]
    _sql(
        "UPDATE decisions_rollentry SET voted_via = %s, attended = %s, sheet_issued = %s, sheet_returned = %s,"
        " state_check = %s WHERE id = %s",
        [*row[1:], row[0]],
    )
    _vote(entries[2], "yes")  # the household set back votes a second time
    assert any(p.startswith("roll entries set back to an earlier state: 1") for p in _problems(matter))


def test_a_recognised_vote_set_back_to_open_or_stripped_of_its_recognition_is_reported(place):
    matter = convention_decided(place, yes=7)
    services.send_for_recognition(by=place.village_head, matter=matter, sent_on=timezone.localdate())
    services.recognise(by=place.officer, matter=matter, decision_number="3/QĐ-UBND", recognised_on=timezone.localdate())
    _sql("DELETE FROM decisions_recognition WHERE matter_id = %s", [matter.pk])
    _sql("UPDATE decisions_matter SET status = 'closed' WHERE id = %s", [matter.pk])
    assert "the result was recognised but the recognition is missing" in _problems(matter)
    _sql(
        "UPDATE decisions_matter SET status = 'open', final_hash = '', seal = '', result = NULL, closed_at = NULL"
        " WHERE id = %s",
        [matter.pk],
    )
    problems = _problems(matter)
    assert "the vote is closed but its final hash is missing" in problems  # its chains were closed
    assert "the vote was closed with another final hash than the one stored" in problems


def test_a_receipt_moved_to_another_ballot_is_reported(place):
    matter = services.open_voting(by=place.officer, matter=yes_no_matter(place))
    entries = roll(matter)
    one, two = _vote(entries[0], "yes"), _vote(entries[1], "no")
    _sql("UPDATE decisions_ledgerentry SET receipt = %s WHERE matter_id = %s AND receipt = %s", ["X", matter.pk, one])
    _sql("UPDATE decisions_ledgerentry SET receipt = %s WHERE matter_id = %s AND receipt = %s", [one, matter.pk, two])
    assert sum("filed under another receipt" in p for p in _problems(matter)) == 2


def test_a_sheet_is_not_entered_for_an_entry_forged_in_the_database(place):
    matter = services.open_voting(by=place.officer, matter=yes_no_matter(place))
    entry = roll(matter)[0]
    _sql("UPDATE decisions_rollentry SET voted_via = 'sheet', sheet_returned = %s WHERE id = %s", [True, entry.pk])
    with pytest.raises(ValidationError):
        services.enter_sheet_ballot(by=place.officer, entry=entry, choices=["yes"])


def test_the_witness_accuses_nothing_when_nothing_was_changed(place):
    """Every way of voting, counts, closing and recognition: the witness agrees with the database."""
    matter = services.open_voting(by=place.officer, matter=yes_no_matter(place))
    entries = roll(matter)
    for entry in entries[:4]:
        _vote(entry, "yes")
    for entry in entries[4:6]:
        services.check_in(by=place.village_head, entry=entry)
    services.enter_count(
        by=place.officer, matter=matter, count=services.EnteredCount(Source.MEETING, {"yes": 2, "no": 0}, invalid=0)
    )
    sheet_round(place, matter)
    services.issue_sheets(by=place.officer, matter=matter, entries=entries[6:8])
    services.return_sheet(by=place.officer, entry=entries[6])
    services.enter_sheet_ballot(by=place.officer, entry=entries[6], choices=["yes"])
    matter = services.close_voting(by=place.officer, matter=matter)
    services.send_for_recognition(by=place.village_head, matter=matter, sent_on=timezone.localdate())
    assert _problems(matter) == []


def _back_to_a_draft(matter_id: int) -> None:
    """A backup from before the vote opened, written back."""
    for table in ("ledgerentry", "tally", "chainhead", "rollevent", "rollentry"):
        _sql(f"DELETE FROM decisions_{table} WHERE matter_id = %s", [matter_id])
    _sql(
        "UPDATE decisions_matter SET status = 'draft', code_salt = '', roll_size = 0, opened_at = NULL WHERE id = %s",
        [matter_id],
    )


def test_a_vote_set_back_to_before_it_opened_and_opened_again_is_reported(place):
    matter = services.open_voting(by=place.officer, matter=yes_no_matter(place))
    for entry in roll(matter)[:5]:
        _vote(entry, "yes")
    _back_to_a_draft(matter.pk)
    matter = services.open_voting(by=place.officer, matter=Matter.objects.get(pk=matter.pk))
    for entry in roll(matter)[:2]:
        _vote(entry, "yes")
    problems = _problems(services.close_voting(by=place.officer, matter=matter))
    assert "the vote was set back and opened again since the witness saw it open" in problems
    assert "acknowledged ballots missing from the ledger: 5" in problems


def test_verify_ledger_reports_a_vote_deleted_or_set_back_to_a_draft(place):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    matter = services.open_voting(by=place.officer, matter=yes_no_matter(place))
    _vote(roll(matter)[0], "yes")
    _back_to_a_draft(matter.pk)
    with pytest.raises(CommandError):
        call_command("verify_ledger")
    Matter.objects.filter(pk=matter.pk).delete()
    with pytest.raises(CommandError):
        call_command("verify_ledger")


def test_a_decision_number_on_two_lines_is_refused_and_the_witness_never_breaks(place, settings):
    import pathlib

    from decisions import witness

    matter = convention_decided(place, yes=7)
    services.send_for_recognition(by=place.village_head, matter=matter, sent_on=timezone.localdate())
    with pytest.raises(ValidationError):
        services.recognise(
            by=place.officer, matter=matter, decision_number="12/QĐ-UBND\rngày 2/12", recognised_on=timezone.localdate()
        )
    # Whatever is in the file (a line cut short, bytes that are not text), reading it reports, never crashes.
    path = pathlib.Path(witness._directory()) / f"{matter.pk}.log"
    with path.open("ab") as file:
        file.write("G|12/QĐ\r\xff ngày|abc".encode("utf-8", "surrogateescape") + b"\xff\xfe|\n")
    assert any("lines the server did not write" in p for p in _problems(matter))


def test_a_short_write_to_the_witness_is_finished(place, monkeypatch):
    """A full disk writes part of what it is given: the rest is written, and no line is taken for a forgery."""
    import os

    real_write = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: real_write(fd, data[: max(1, len(data) // 2)]))
    matter = services.open_voting(by=place.officer, matter=yes_no_matter(place))
    for entry in roll(matter)[:3]:
        _vote(entry, "yes")
    monkeypatch.setattr(os, "write", real_write)
    assert _problems(matter) == []


def _written_back(matter, status: str, **row) -> None:
    """The recognition row and the matter's status as a backup held them (the seal the history table keeps)."""
    sets = ", ".join(f"{column} = %s" for column in row)
    _sql(f"UPDATE decisions_recognition SET {sets} WHERE matter_id = %s", [*row.values(), matter.pk])
    _sql("UPDATE decisions_matter SET status = %s WHERE id = %s", [status, matter.pk])


def test_a_refusal_or_an_annulment_written_back_out_of_the_database_is_reported(place):
    """A fresh attack: the refusal's row put back as it was when sent, with that row's own seal, passed every check
    in the database. The witness saw the refusal, and the annulment, and says they are gone."""
    convention = convention_decided(place, yes=7)
    today = timezone.localdate()
    services.send_for_recognition(by=place.village_head, matter=convention, sent_on=today)
    sent_seal = Recognition.objects.get(matter=convention).seal
    services.refuse_recognition(
        by=place.officer, matter=convention, refused_on=today, reasons="Điều 5 trái với Luật Đất đai."
    )
    _written_back(convention, "closed", refused_on=None, reasons="", recognised_by_id=None, seal=sent_seal)
    assert "the commune refused the result but the refusal is missing" in _problems(convention)

    matter = services.open_voting(by=place.officer, matter=yes_no_matter(place))
    for entry in roll(matter)[:7]:
        _vote(entry, "yes")
    matter = services.close_voting(by=place.officer, matter=matter)
    services.send_for_recognition(by=place.village_head, matter=matter, sent_on=today)
    sent_seal = Recognition.objects.get(matter=matter).seal
    services.annul(
        by=place.officer, matter=matter, annulled_on=today, decision_number="7/QĐ-UBND", reasons="Trái quy định phí."
    )
    _written_back(
        matter,
        "in_effect",
        annulled_on=None,
        annulment_number="",
        annulment_reasons="",
        annulled_by_id=None,
        seal=sent_seal,
    )
    assert "the decision was annulled but the annulment is missing" in _problems(matter)
    _sql("DELETE FROM decisions_recognition WHERE matter_id = %s", [matter.pk])
    _sql("UPDATE decisions_matter SET status = 'closed' WHERE id = %s", [matter.pk])
    assert "the decision was sent to the commune but the sending is missing" in _problems(matter)
