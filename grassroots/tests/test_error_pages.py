"""Refusals a resident or an official meets are pages of the site, in Vietnamese: not Django's English ones."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_missing_page_is_a_vietnamese_page_with_a_way_on(client):
    response = client.get("/cong-khai/muc/999999/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in page and 'href="/cong-khai/"' in page
    assert "Not Found" not in page and "requested resource" not in page


def test_a_form_sent_without_its_token_says_nothing_was_recorded_in_vietnamese():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "xa", "password": "x"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "Không gửi được biểu mẫu" in page and "không có gì được ghi lại" in page
    assert "CSRF verification failed" not in page


def test_a_page_an_official_may_not_open_is_refused_in_vietnamese(client, tree):
    from accounts.models import Role
    from tests.factories import official

    client.force_login(official("xa", Role.COMMUNE_OFFICIAL, tree.commune))
    response = client.get("/accounts/officials/")
    assert response.status_code in (403, 404)
    assert "Forbidden" not in response.content.decode() and "Not Found" not in response.content.decode()
