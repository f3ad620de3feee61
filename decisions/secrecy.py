"""Secret ballots as data: encrypted at intake, decrypted only as totals, by a key the counting team holds in shares.

The scheme is the one ElectionGuard, Helios and Belenios share, on the secp256k1 curve (coincurve, libsecp256k1):
- Exponential ElGamal. Each option of a ballot is a pair (A, B) = (r·G, m·G + r·H), m = 1 if marked, else 0, under
  the matter's public key H = x·G. Pairs add up: the sum of every ballot's pairs for an option encrypts its total.
- Each pair carries a proof that it encrypts 0 or 1, and the ballot a proof that its marks add up to an allowed
  number (a disjunctive Chaum-Pedersen proof, made non-interactive by hashing: `_prove_one_of`). The server draws r
  and forgets it, so the voter holds nothing that could show anyone how they voted.
- The key x is never stored. At opening it is split (Shamir, threshold `majority(team)`) into one share per member of
  the counting team (ban kiểm phiếu), printed on their slips; only H and each share's public image xᵢ·G are kept.
- At closing, members type in their shares; each gives a partial decryption xᵢ·A of each option's summed pair with
  a proof that it used its share. Their Lagrange combination gives x·A, and B − x·A = T·G gives the total T.
  Anyone can recompute the sums from the published ledger and check every proof: `check_decryption`.

What this protects: a copy of the storage (database files and WAL, system columns, backups, replicas) taken at
any time links a household at most to a ciphertext, which nothing stored can open. What it does not: a live
attacker inside the server sees each choice as it is encrypted, and the shares while they are typed in at closing.
"""

import base64
import hashlib
import secrets
from dataclasses import dataclass

from coincurve import PublicKey

from decisions.codes import ALPHABET, normalise

N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141  # the order of secp256k1's group
POINT = 33  # bytes of a compressed point
SCALAR = 32


def _bytes(k: int) -> bytes:
    return (k % N).to_bytes(SCALAR, "big")


def _base(k: int) -> PublicKey:
    return PublicKey.from_secret(_bytes(k))


G = _base(1)


def _mul(point: PublicKey, k: int) -> PublicKey:
    return point.multiply(_bytes(k))


def _plus_base(point: PublicKey, k: int) -> PublicKey:
    """point + k·G"""
    return point.add(_bytes(k)) if k % N else point


def _sum(points) -> PublicKey:
    return PublicKey.combine_keys(list(points))


def _random() -> int:
    return secrets.randbelow(N - 1) + 1


def _point(data: bytes) -> PublicKey:
    return PublicKey(data)


def _challenge(context: bytes, points) -> int:
    digest = hashlib.sha256(b"grassroots/secrecy/" + context)
    for point in points:
        digest.update(point.format())
    return int.from_bytes(digest.digest(), "big") % N


# -- the counting team's key --------------------------------------------------------------------------------------


def majority(team: int) -> int:
    """Members needed to decrypt: a majority, so that no minority can open the count and losing a minority's slips
    loses nothing."""
    return team // 2 + 1


@dataclass(frozen=True)
class Dealt:
    public_key: str  # hex of H
    threshold: int
    verification_keys: list[str]  # hex of xᵢ·G, member i at index i - 1
    shares: list[str]  # the slips' codes, shown once and never stored


def deal(team: int) -> Dealt:
    threshold = majority(team)
    coefficients = [_random() for _ in range(threshold)]
    values = [_poly(coefficients, i) for i in range(1, team + 1)]
    if any(v == 0 for v in values):  # 1 in 2^256: draw again rather than hand out a useless slip
        return deal(team)
    return Dealt(
        _base(coefficients[0]).format().hex(),
        threshold,
        [_base(v).format().hex() for v in values],
        [_share_code(i, v) for i, v in enumerate(values, 1)],
    )


def _poly(coefficients: list[int], at: int) -> int:
    return sum(c * pow(at, power, N) for power, c in enumerate(coefficients)) % N


_SHARE_CHARS = 52  # 256 bits in Crockford base 32
_CHECK_CHARS = 2


def _base32(number: int, length: int) -> str:
    return "".join(ALPHABET[(number >> (5 * (length - 1 - i))) & 31] for i in range(length))


def _check(index: int, body: str) -> str:
    return _base32(int.from_bytes(hashlib.sha256(f"{index}:{body}".encode()).digest()[:2], "big") >> 6, _CHECK_CHARS)


def _share_code(index: int, value: int) -> str:
    body = _base32(value, _SHARE_CHARS)
    text = f"{index}{body}{_check(index, body)}"
    return "-".join(text[i : i + 5] for i in range(0, len(text), 5))


class BadShare(ValueError):
    pass


def parse_share(text: str) -> tuple[int, int]:
    """(member number, share) from a slip's code as typed: case, spaces and dashes ignored. BadShare on a typo."""
    code = normalise(text)
    if len(code) != 1 + _SHARE_CHARS + _CHECK_CHARS or not code[0].isdigit():
        raise BadShare("length")
    index, body, check = int(code[0]), code[1 : 1 + _SHARE_CHARS], code[1 + _SHARE_CHARS :]
    if _check(index, body) != check:
        raise BadShare("check")
    value = 0
    for char in body:
        value = value * 32 + ALPHABET.index(char)
    return index, value


def share_matches(index: int, value: int, verification_keys: list[str]) -> bool:
    return (
        1 <= index <= len(verification_keys)
        and 0 < value < N
        and (_base(value).format().hex() == verification_keys[index - 1])
    )


# -- ballots --------------------------------------------------------------------------------------------------------


def _prove_one_of(context, key, a_point, b_point, secret, actual, values) -> list[int]:
    """A proof that (A, B) encrypts one of `values` (it encrypts `actual` with randomness `secret`): for each value
    its challenge and response, the real one's computed, the others' simulated."""
    commitments, simulated, w = [], {}, None
    for v in values:
        if v == actual:
            w = _random()
            commitments += [_base(w), _mul(key, w)]
        else:
            c, s = _random(), _random()
            simulated[v] = (c, s)
            commitments += _commitments(key, a_point, b_point, v, c, s)
    total = _challenge(context, [key, a_point, b_point, *commitments])
    c_actual = (total - sum(c for c, _ in simulated.values())) % N
    proof = []
    for v in values:
        c, s = simulated.get(v) or (c_actual, (w + c_actual * secret) % N)
        proof += [c, s]
    return proof


def _commitments(key, a_point, b_point, v, c, s) -> list[PublicKey]:
    """What a prover committed to, recomputed from its challenge c and response s for value v:
    s·G − c·A and s·H − c·(B − v·G)."""
    return [_sum([_base(s), _mul(a_point, N - c)]), _plus_base(_sum([_mul(key, s), _mul(b_point, N - c)]), c * v)]


def _verify_one_of(context, key, a_point, b_point, values, proof) -> bool:
    commitments, challenges = [], []
    for i, v in enumerate(values):
        c, s = proof[2 * i], proof[2 * i + 1]
        if not (0 < c < N and 0 < s < N):
            return False
        commitments += _commitments(key, a_point, b_point, v, c, s)
        challenges.append(c)
    return sum(challenges) % N == _challenge(context, [key, a_point, b_point, *commitments])


def encrypt_ballot(public_key: str, context: bytes, marks: list[int], totals: list[int]) -> str:
    """A ballot's marks (0 or 1 per option, in ballot order) encrypted with proofs; `totals` are the allowed numbers
    of marks (1 for choose-one). Base64 text for the ledger."""
    key = _point(bytes.fromhex(public_key))
    out, randomness, a_points, b_points = bytearray(), [], [], []
    for mark in marks:
        r = _random()
        a_point, b_point = _base(r), _plus_base(_mul(key, r), mark)
        out += a_point.format() + b_point.format()
        for n in _prove_one_of(context, key, a_point, b_point, r, mark, [0, 1]):
            out += _bytes(n)
        randomness.append(r)
        a_points.append(a_point)
        b_points.append(b_point)
    a_sum, b_sum = _sum(a_points), _sum(b_points)
    for n in _prove_one_of(context, key, a_sum, b_sum, sum(randomness) % N, sum(marks), totals):
        out += _bytes(n)
    return base64.b64encode(bytes(out)).decode()


def _ballot_size(options: int, totals: int) -> int:
    return options * (2 * POINT + 4 * SCALAR) + 2 * totals * SCALAR


def ciphertexts(text: str, options: int) -> list[tuple[bytes, bytes]]:
    """Each option's (A, B) of an encrypted ballot, without checking its proofs (the sums do not need them)."""
    data = base64.b64decode(text)
    step = 2 * POINT + 4 * SCALAR
    return [(data[i * step : i * step + POINT], data[i * step + POINT : i * step + 2 * POINT]) for i in range(options)]


def ballot_is_well_formed(public_key: str, context: bytes, text: str, options: int, totals: list[int]) -> bool:
    """Every proof of one ballot: each option encrypts 0 or 1, and the marks add up to an allowed number."""
    try:
        data = base64.b64decode(text, validate=True)
        if len(data) != _ballot_size(options, len(totals)):
            return False
        key = _point(bytes.fromhex(public_key))
        step, a_points, b_points = 2 * POINT + 4 * SCALAR, [], []
        for i in range(options):
            chunk = data[i * step : (i + 1) * step]
            a_point, b_point = _point(chunk[:POINT]), _point(chunk[POINT : 2 * POINT])
            proof = [int.from_bytes(chunk[2 * POINT + j * SCALAR : 2 * POINT + (j + 1) * SCALAR]) for j in range(4)]
            if not _verify_one_of(context, key, a_point, b_point, [0, 1], proof):
                return False
            a_points.append(a_point)
            b_points.append(b_point)
        rest = data[options * step :]
        proof = [int.from_bytes(rest[j * SCALAR : (j + 1) * SCALAR]) for j in range(2 * len(totals))]
        return _verify_one_of(context, key, _sum(a_points), _sum(b_points), totals, proof)
    except ValueError:
        return False


# -- totals ---------------------------------------------------------------------------------------------------------


def add_up(pairs: list[tuple[bytes, bytes]]) -> tuple[bytes, bytes]:
    """The pair that encrypts the sum of what `pairs` encrypt."""
    return _sum(_point(a) for a, _ in pairs).format(), _sum(_point(b) for _, b in pairs).format()


def partial_decryption(context: bytes, index: int, share: int, a_sum: bytes) -> tuple[bytes, int, int]:
    """Member `index`'s part of opening a summed pair, xᵢ·A, with a proof that it used the share whose public image
    is on record (a Chaum-Pedersen proof that log_G(xᵢ·G) = log_A(xᵢ·A))."""
    a_point = _point(a_sum)
    part = _mul(a_point, share)
    w = _random()
    c = _challenge(context, [_base(share), a_point, part, _base(w), _mul(a_point, w)])
    return part.format(), c, (w + c * share) % N


def _part_is_proven(context, verification_key: bytes, a_point, part: bytes, c: int, s: int) -> bool:
    image, part_point = _point(verification_key), _point(part)
    commitments = [_sum([_base(s), _mul(image, N - c)]), _sum([_mul(a_point, s), _mul(part_point, N - c)])]
    return 0 < c < N and 0 < s < N and c == _challenge(context, [image, a_point, part_point, *commitments])


def _lagrange_at_zero(index: int, indices: list[int]) -> int:
    value = 1
    for j in indices:
        if j != index:
            value = value * j * pow(j - index, -1, N) % N
    return value


def _opened(parts: dict[int, bytes]) -> PublicKey:
    """x·A from the members' parts xᵢ·A."""
    indices = sorted(parts)
    return _sum(_mul(_point(parts[i]), _lagrange_at_zero(i, indices)) for i in indices)


def total(parts: dict[int, bytes], b_sum: bytes, most: int) -> int:
    """The number T with B = T·G + x·A, searched up to `most` (baby steps, giant steps: 2·√most additions)."""
    masked = _opened(parts)
    if masked.format() == b_sum:
        return 0
    step = max(1, int(most**0.5) + 1)
    baby, point = {}, G
    for j in range(1, step + 1):
        baby[point.format()] = j
        point = point.add(_bytes(1))
    remainder = _sum([_point(b_sum), _mul(masked, N - 1)])  # T·G
    for i in range(step + 1):
        found = baby.get(remainder.format())
        if found is not None and i * step + found <= most:
            return i * step + found
        try:
            remainder = remainder.add(_bytes(N - step))
        except ValueError:  # the point at infinity: T is exactly (i + 1)·step
            return (i + 1) * step
    raise ValueError("the total is larger than the number of ballots")


def check_decryption(context: bytes, verification_keys: list[str], a_sum: bytes, b_sum: bytes, parts, n: int) -> bool:
    """Whether `parts` ({member: (xᵢ·A, c, s)}) prove that the summed pair (A, B) holds n: each part proven against
    its member's share image, at least a threshold of them (the caller checks how many), and B = n·G + x·A."""
    a_point = _point(a_sum)
    for index, (part, c, s) in parts.items():
        if not 1 <= index <= len(verification_keys):
            return False
        if not _part_is_proven(context, bytes.fromhex(verification_keys[index - 1]), a_point, part, c, s):
            return False
    masked = _opened({i: p for i, (p, _, _) in parts.items()})
    return (_plus_base(masked, n) if n else masked).format() == b_sum


# -- a slip waiting to be drawn -----------------------------------------------------------------------------------


def seal_slip(token: str, code: str) -> str:
    """A slip's code encrypted under the member's draw token: XOR with SHAKE-256 of the token, a one-time pad, as
    each token is random (144 bits), drawn for one slip and never stored."""
    data = code.encode()
    pad = hashlib.shake_256(b"grassroots/slip/" + token.encode()).digest(len(data))
    return bytes(a ^ b for a, b in zip(data, pad, strict=True)).hex()


def open_slip(token: str, sealed: str) -> str:
    data = bytes.fromhex(sealed)
    pad = hashlib.shake_256(b"grassroots/slip/" + token.encode()).digest(len(data))
    return bytes(a ^ b for a, b in zip(data, pad, strict=True)).decode()
