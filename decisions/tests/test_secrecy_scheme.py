"""Secret ballots' encryption on its own: the counting team's key, ballots with proofs, totals opened by a majority."""

import base64
import itertools
import random

import pytest

from decisions import secrecy

CONTEXT = b"matter/1/test"


def _open(dealt, pairs, members, most):
    a_sum, b_sum = secrecy.add_up(pairs)
    parts = {}
    for code in (dealt.shares[i - 1] for i in members):
        index, share = secrecy.parse_share(code)
        parts[index] = secrecy.partial_decryption(CONTEXT, index, share, a_sum)
    n = secrecy.total({i: p for i, (p, _, _) in parts.items()}, b_sum, most)
    return n, secrecy.check_decryption(CONTEXT, dealt.verification_keys, a_sum, b_sum, parts, n), parts, (a_sum, b_sum)


def test_any_majority_of_the_counting_team_opens_the_totals_and_anyone_can_check_them():
    dealt = secrecy.deal(5)
    assert dealt.threshold == 3
    rng = random.Random(7)
    marks = [[1, 0] if rng.random() < 0.6 else [0, 1] for _ in range(40)]
    ballots = [secrecy.encrypt_ballot(dealt.public_key, CONTEXT, m, [1]) for m in marks]
    assert all(secrecy.ballot_is_well_formed(dealt.public_key, CONTEXT, b, 2, [1]) for b in ballots)
    for option in range(2):
        expected = sum(m[option] for m in marks)
        pairs = [secrecy.ciphertexts(b, 2)[option] for b in ballots]
        for members in itertools.combinations(range(1, 6), 3):
            n, checked, _, _ = _open(dealt, pairs, members, len(ballots))
            assert (n, checked) == (expected, True)


def test_fewer_than_a_majority_cannot_open_the_totals():
    dealt = secrecy.deal(3)
    ballots = [secrecy.encrypt_ballot(dealt.public_key, CONTEXT, [1, 0], [1]) for _ in range(5)]
    pairs = [secrecy.ciphertexts(b, 2)[0] for b in ballots]
    with pytest.raises(ValueError):
        _open(dealt, pairs, [2], len(ballots))


def test_a_claimed_total_other_than_the_true_one_fails_the_check():
    dealt = secrecy.deal(3)
    ballots = [secrecy.encrypt_ballot(dealt.public_key, CONTEXT, [1, 0], [1]) for _ in range(4)]
    pairs = [secrecy.ciphertexts(b, 2)[0] for b in ballots]
    n, checked, parts, (a_sum, b_sum) = _open(dealt, pairs, [1, 3], 4)
    assert (n, checked) == (4, True)
    assert not secrecy.check_decryption(CONTEXT, dealt.verification_keys, a_sum, b_sum, parts, 3)
    # A part made with another share than the member's is refused, whatever total it would give.
    forged = dict(parts)
    forged[1] = secrecy.partial_decryption(CONTEXT, 1, 12345, a_sum)
    assert not secrecy.check_decryption(CONTEXT, dealt.verification_keys, a_sum, b_sum, forged, 4)


def test_a_ballot_that_marks_twice_or_is_altered_fails_its_proofs():
    dealt = secrecy.deal(3)
    # The server's own code path refuses to prove what is false: a ballot with two marks on a choose-one matter.
    stuffed = secrecy.encrypt_ballot(dealt.public_key, CONTEXT, [1, 1], [2])
    assert not secrecy.ballot_is_well_formed(dealt.public_key, CONTEXT, stuffed, 2, [1])
    doubled = secrecy.encrypt_ballot(dealt.public_key, CONTEXT, [2, 0], [2])  # one option counted twice
    assert not secrecy.ballot_is_well_formed(dealt.public_key, CONTEXT, doubled, 2, [1, 2])
    good = secrecy.encrypt_ballot(dealt.public_key, CONTEXT, [0, 1], [1])
    raw = bytearray(base64.b64decode(good))
    raw[-1] ^= 1
    assert not secrecy.ballot_is_well_formed(dealt.public_key, CONTEXT, base64.b64encode(raw).decode(), 2, [1])
    assert not secrecy.ballot_is_well_formed(dealt.public_key, b"another matter", good, 2, [1])


def test_two_ballots_with_the_same_choice_share_nothing():
    dealt = secrecy.deal(3)
    first, second = (base64.b64decode(secrecy.encrypt_ballot(dealt.public_key, CONTEXT, [1, 0], [1])) for _ in "ab")
    assert len(first) == len(second)
    assert sum(x == y for x, y in zip(first, second, strict=True)) < len(first) // 32  # chance agreements only


def test_a_slip_typed_with_a_mistake_is_caught_and_one_typed_loosely_is_read():
    dealt = secrecy.deal(3)
    code = dealt.shares[1]
    assert secrecy.parse_share(code.lower().replace("-", " "))[0] == 2
    index, share = secrecy.parse_share(code)
    assert secrecy.share_matches(index, share, dealt.verification_keys)
    wrong = code[:8] + ("A" if code[8] != "A" else "B") + code[9:]
    with pytest.raises(secrecy.BadShare):
        secrecy.parse_share(wrong)
    assert not secrecy.share_matches(1, share, dealt.verification_keys)  # someone else's slip
