"""One-time household codes and ballot receipts.

A household's code is derived, not stored: HMAC(SECRET_KEY, matter salt + roll entry id), 50 bits written as
10 Crockford base-32 characters ("7KQ2M-9XDFA"), so a lost sheet can be reprinted with the same code. The
roll keeps only HMAC(SECRET_KEY, code), which finds the entry in one indexed lookup and gives nothing back.
Receipts are random (50 bits) and tied to nothing but the ballot they acknowledge.
"""

import hashlib
import hmac
import secrets

from django.conf import settings

# Crockford's base 32: no I, L, O or U, so nothing reads as another character.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10  # 50 bits: the issue asks for at least 40
RECEIPT_LENGTH = 10  # 50 bits: a clash among a million ballots is rare, and retried (decisions.ballots)
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def _base32(number: int, length: int) -> str:
    chars = []
    for _ in range(length):
        number, digit = divmod(number, 32)
        chars.append(ALPHABET[digit])
    return "".join(reversed(chars))


def _mac(message: str) -> bytes:
    return hmac.new(settings.SECRET_KEY.encode(), message.encode(), hashlib.sha256).digest()


def code_for(salt: str, entry_id: int) -> str:
    number = int.from_bytes(_mac(f"vote-code:{salt}:{entry_id}")[:8]) >> (64 - 5 * CODE_LENGTH)
    return _base32(number, CODE_LENGTH)


def normalise(text: str) -> str:
    """What a person typed, as a code: case, spaces and dashes ignored; O, I and L read as 0, 1 and 1."""
    return "".join(c for c in (text or "").upper().translate(_READ_AS) if c in ALPHABET)


def code_hash(code: str) -> str:
    return _mac(f"vote-code-lookup:{normalise(code)}").hex()


_derived: dict[tuple[str, bytes], str] = {}


def derived_key(purpose: bytes) -> str:
    """HMAC(SECRET_KEY, purpose): a key for one purpose, never stored; kept once computed (a ballot needs three),
    and computed again should SECRET_KEY change."""
    key = (settings.SECRET_KEY, purpose)
    if key not in _derived:
        _derived[key] = hmac.new(settings.SECRET_KEY.encode(), purpose, hashlib.sha256).hexdigest()
    return _derived[key]


def binding_key() -> str:
    return derived_key(b"vote-code-binding")


def code_check(hashed: str, entry_id: int) -> str:
    """What ties a code's hash to its roll entry: sha256(hash + "\n" + "<entry id>|<binding key>"), the form of
    decisions.ledger.chain, so that the claim's SQL recomputes it (CHECK_SQL) with the key passed as a parameter.
    Without the server's key no one can make the check for a hash moved onto another entry."""
    return hashlib.sha256(f"{hashed}\n{entry_id}|{binding_key()}".encode()).hexdigest()


# The same in each database's SQL, over the roll entry aliased `r`; its one parameter is binding_key().
CHECK_SQL = {
    "sqlite": "r.code_check = grassroots_chain(r.code_hash, r.id || '|' || %s)",
    "postgresql": (
        "r.code_check = encode(sha256(convert_to(r.code_hash || E'\\n' || r.id || '|' || %s, 'UTF8')), 'hex')"
    ),
}


def display(code: str) -> str:
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def new_receipt(randbits=secrets.randbits) -> str:
    return _base32(randbits(5 * RECEIPT_LENGTH), RECEIPT_LENGTH)
