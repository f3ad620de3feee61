"""Two-step sign-in on every path into a session, and sessions that end when left alone (issue 13, finding 6)."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import middleware
from accounts.models import Role, User
from accounts.tests.test_sign_in import next_time_step, sign_in, totp_now
from tests.factories import PASSWORD, official


@pytest.fixture(autouse=True)
def _no_throttle(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp's own throttling is not under test


@pytest.fixture
def superuser(db):
    user = User.objects.create_superuser("operator", "operator@example.vn", PASSWORD)
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return user


def device_of(user):
    return TOTPDevice.objects.get(user=user, confirmed=True)


def wrong_code(device):
    return "123456" if totp_now(device) != "123456" else "654321"


def test_the_admin_login_with_the_password_alone_gives_no_admin_session(client, superuser):
    client.post(reverse("admin:login"), {"username": "operator", "password": PASSWORD, "next": "/admin/"})
    response = client.get(reverse("admin:index"), follow=True)
    assert response.request["PATH_INFO"] == reverse("accounts:login")
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 302


def test_the_admin_opens_after_the_password_and_the_code(client, superuser):
    assert sign_in(client, "operator", PASSWORD).url == reverse("accounts:second_factor")
    client.post(reverse("accounts:second_factor"), {"token": totp_now(device_of(superuser))})
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_superuser_without_a_device_is_sent_to_enrol_before_the_admin(client, db):
    User.objects.create_superuser("operator", "operator@example.vn", PASSWORD)
    sign_in(client, "operator", PASSWORD)
    response = client.get(reverse("admin:index"), follow=True)
    assert response.request["PATH_INFO"] == reverse("accounts:security")


def test_a_session_opened_with_the_password_alone_ends_when_a_device_is_enrolled(client, tree):
    user = official("xa", Role.COMMUNE_OFFICIAL, tree.commune)
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client.force_login(user)  # any path that skipped the code: admin form, an older session, a future bug
    response = client.get(reverse("households:list"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    assert client.get(reverse("households:list")).status_code == 302  # signed out, not just turned away


def signed_in_with_code(client, user):
    sign_in(client, user.username, PASSWORD)
    client.post(reverse("accounts:second_factor"), {"token": totp_now(device_of(user))})
    next_time_step(device_of(user))


def test_turning_two_step_sign_in_off_needs_a_current_code(client, tree):
    user = official("xa", Role.COMMUNE_OFFICIAL, tree.commune)
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    signed_in_with_code(client, user)
    url = reverse("accounts:totp_disable")
    client.post(url)
    client.post(url, {"token": wrong_code(device_of(user))})
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    refused = client.get(reverse("accounts:security")).content.decode()
    assert "Mã không đúng hoặc đã hết hạn" in refused
    client.post(url, {"token": totp_now(device_of(user))})
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_a_role_that_recognises_results_must_enrol_before_anything_else(client, tree, settings):
    settings.TWO_FACTOR_REQUIRED_ROLES = ["commune_official"]
    user = official("xa", Role.COMMUNE_OFFICIAL, tree.commune)
    sign_in(client, "xa", PASSWORD)
    response = client.get(reverse("households:list"))
    assert response.status_code == 302 and response.url == reverse("accounts:security")
    page = client.get(reverse("accounts:security"))
    assert page.status_code == 200 and "Vai trò của bạn bắt buộc đăng nhập hai bước" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    client.post(reverse("accounts:security"), {"token": totp_now(device), "confirm_totp": "1"})
    assert client.get(reverse("households:list")).status_code == 200
    next_time_step(device)
    # Once on, it stays on for this role.
    client.post(reverse("accounts:totp_disable"), {"token": totp_now(device_of(user))})
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_roles_not_listed_sign_in_with_the_password_alone(client, tree, settings):
    settings.TWO_FACTOR_REQUIRED_ROLES = ["commune_official"]
    official("thon", Role.VILLAGE_HEAD, tree.village)
    sign_in(client, "thon", PASSWORD)
    assert client.get(reverse("households:list")).status_code == 200


def test_a_session_left_alone_past_the_idle_timeout_is_signed_out(client, tree, settings, monkeypatch):
    settings.SESSION_IDLE_TIMEOUT = 30 * 60
    official("xa", Role.COMMUNE_OFFICIAL, tree.commune)
    now = [1_800_000_000]
    monkeypatch.setattr(middleware.time, "time", lambda: now[0])
    sign_in(client, "xa", PASSWORD)
    assert client.get(reverse("households:list")).status_code == 200
    now[0] += 29 * 60
    assert client.get(reverse("households:list")).status_code == 200  # activity moves the deadline on
    now[0] += 29 * 60
    assert client.get(reverse("households:list")).status_code == 200
    now[0] += 31 * 60
    response = client.get(reverse("households:list"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    assert client.get(reverse("households:list")).status_code == 302


def test_a_page_refreshing_itself_does_not_keep_an_idle_session_alive(client, tree, settings, monkeypatch):
    settings.SESSION_IDLE_TIMEOUT = 30 * 60
    official("xa", Role.COMMUNE_OFFICIAL, tree.commune)
    now = [1_800_000_000]
    monkeypatch.setattr(middleware.time, "time", lambda: now[0])
    sign_in(client, "xa", PASSWORD)
    assert client.get(reverse("households:list")).status_code == 200
    for _ in range(6):  # the matter page's live turnout, polled by htmx while nobody is there
        now[0] += 5 * 60
        assert client.get(reverse("households:list"), headers={"HX-Request": "true"}).status_code == 200
    now[0] += 5 * 60 + 1
    polled = client.get(reverse("households:list"), headers={"HX-Request": "true"})
    assert polled.status_code == 204 and polled["HX-Redirect"] == reverse("accounts:login")
