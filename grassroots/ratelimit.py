"""Rate limits on anything a stranger can guess or flood, keyed so the stored value names nobody."""

import hashlib

from django.conf import settings


def client_key(address: str) -> str:
    """A keyed hash of the sender's address: rate limits work, and the stored value names nobody."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()
