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


def test_a_file_past_the_limit_stops_being_stored_and_is_refused_by_its_size(client, tree, settings, monkeypatch):
    from django.core.files.uploadhandler import MemoryFileUploadHandler
    from django.utils import timezone

    from accounts.models import ApiToken, Role
    from tests.factories import official, pdf_bytes, upload

    settings.DISCLOSURE_MAX_FILE_MB = 1
    stored = []
    keep = MemoryFileUploadHandler.receive_data_chunk
    monkeypatch.setattr(
        MemoryFileUploadHandler,
        "receive_data_chunk",
        lambda self, raw_data, start: stored.append(len(raw_data)) or keep(self, raw_data, start),
    )
    _token, key = ApiToken.issue(user=official("xa", Role.COMMUNE_OFFICIAL, tree.commune), name="t")
    big = pdf_bytes("Quyết định") + b"0" * (3 * 1024 * 1024)
    response = client.post(
        "/api/disclosures",
        {
            "unit_code": tree.commune.code,
            "title": "Thông báo thu hồi đất",
            "topic": "land",
            "issued_on": timezone.localdate().isoformat(),
            "files": [upload("qd.pdf", big)],
        },
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 422 and "1 MB" in " ".join(response.json()["detail"])
    assert sum(stored) <= 1024 * 1024  # of 3 MB sent, no more than the limit was kept


def test_a_json_body_past_the_memory_limit_is_a_413_in_json(client, db, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    body = {"code": "x" * 2000, "choices": ["yes"]}
    response = client.post("/api/public/ballots", body, content_type="application/json")
    assert response.status_code == 413 and response.json()["reason"] == "too_large"
