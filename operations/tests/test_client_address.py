"""Whose address a request comes from, behind the documented reverse proxy (issue 13, finding 7)."""

import pytest
from django.test import RequestFactory

from grassroots.http import client_address

PROXY = "10.0.0.1"


def request(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_connecting_address_is_the_client(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(request("203.0.113.7", "198.51.100.9")) == "203.0.113.7"


@pytest.mark.parametrize(
    ("forwarded", "client"),
    [
        ("203.0.113.7", "203.0.113.7"),
        # A client's own X-Forwarded-For is kept on the left by nginx's $proxy_add_x_forwarded_for: not believed.
        ("1.2.3.4, 203.0.113.7", "203.0.113.7"),
        # Two proxies in a row (a load balancer, then nginx): skip every trusted hop from the right.
        ("203.0.113.7, 10.0.0.2", "203.0.113.7"),
        ("2001:db8::7", "2001:db8::7"),
        # Nothing usable from the proxy: its own address, one bucket, rather than an address a client chose.
        ("", PROXY),
        ("not-an-address", PROXY),
        ("10.0.0.3", PROXY),
    ],
)
def test_behind_a_trusted_proxy_the_right_most_untrusted_hop_is_the_client(settings, forwarded, client):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert client_address(request(PROXY, forwarded)) == client


def test_a_client_connecting_directly_cannot_claim_another_address(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert client_address(request("203.0.113.7", "198.51.100.9")) == "203.0.113.7"
