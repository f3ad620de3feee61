"""Rate limits on anything a stranger can guess or flood, keyed so the stored value names nobody."""

import functools
import hashlib
import ipaddress
from datetime import datetime, timedelta

from django.conf import settings


def client_key(address: str) -> str:
    """A keyed hash of the sender's address: rate limits work, and the stored value names nobody. An IPv6 sender
    counts by its /64, the network one home or phone is given: otherwise each of its 2^64 addresses would be a new
    sender (a "device:" suffix is kept)."""
    host, sep, rest = address.partition("|")
    if ":" in host:  # IPv6 (an IPv4 address is used as it is, unparsed: this is on every ballot's path)
        host = _network_of(host)
        address = f"{host}{sep}{rest}"
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()


@functools.lru_cache(maxsize=4096)
def _network_of(host: str) -> str:
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return host
    if ip.version == 6 and ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network(f"{ip}/64", strict=False)) if ip.version == 6 else str(ip)


def sender_over_limits(
    rows, *, key: str, phone: str, now: datetime, per_sender_hour: int, per_address_hour: int, per_phone_day: int
) -> bool:
    """Whether one more message (`rows`: the model's objects, with client_key, phone and created_at) would pass a
    limit: `per_sender_hour` from this address with this phone, `per_address_hour` from the address in all, so that
    residents sharing one address do not use up each other's, and `per_phone_day` from the phone anywhere."""
    hour = rows.filter(client_key=key, created_at__gte=now - timedelta(hours=1))
    return (
        hour.filter(phone=phone).count() >= per_sender_hour
        or hour.count() >= per_address_hour
        or bool(phone)
        and rows.filter(phone=phone, created_at__gte=now - timedelta(days=1)).count() >= per_phone_day
    )
