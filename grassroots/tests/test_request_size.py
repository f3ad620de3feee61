"""A body larger than REQUEST_MAX_MB is refused from its Content-Length, before any of it is read."""

import pytest


class Unreadable:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


@pytest.mark.parametrize("path", ["/api/disclosures", "/disclosures/new/", "/api/public/ballots"])
def test_an_oversized_body_is_refused_with_413_unread(client, db, settings, path):
    settings.REQUEST_MAX_MB = 1
    response = client.generic(
        "POST",
        path,
        b"x",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(1024 * 1024 + 1),
        **{"wsgi.input": Unreadable()},
    )
    assert response.status_code == 413
    if path.startswith("/api/"):
        assert response.json()["reason"] == "too_large" and "MB" in response.json()["detail"]


def test_a_body_within_the_limit_reaches_the_view(client, db, settings):
    settings.REQUEST_MAX_MB = 1
    response = client.post("/api/public/ballots", {"code": "x", "choices": ["yes"]}, content_type="application/json")
    assert response.status_code == 400 and response.json()["reason"] == "unknown_code"
