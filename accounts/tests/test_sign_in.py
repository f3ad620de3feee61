import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role
from tests.factories import PASSWORD, official


def sign_in(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def totp_now(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def test_an_official_signs_in_and_lands_on_their_unit(client, tree):
    official("xa", Role.COMMUNE_OFFICIAL, tree.commune)
    response = sign_in(client, "xa", PASSWORD)
    assert response.status_code == 302
    home = client.get(response.url, follow=True)
    assert home.request["PATH_INFO"] == reverse("localities:detail", args=[tree.commune.code])
    assert "Thôn Đông" in home.content.decode()


def test_repeated_wrong_passwords_lock_the_account_out(client, tree):
    official("xa", Role.COMMUNE_OFFICIAL, tree.commune)
    for _ in range(4):
        assert sign_in(client, "xa", "wrong-password").status_code == 200
    assert sign_in(client, "xa", "wrong-password").status_code == 429
    locked = sign_in(client, "xa", PASSWORD)
    assert locked.status_code == 429
    assert "15 phút" in locked.content.decode()


def test_weak_passwords_are_refused():
    for weak in ["12345678901", "password123", "short"]:
        with pytest.raises(ValidationError):
            validate_password(weak)


def next_time_step(device):
    """Each TOTP code is accepted once; a test that signs in twice moves on to the next 30-second step."""
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)


def test_totp_second_factor_is_asked_after_the_password(client, tree, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # throttling after a wrong code is django-otp's, not under test
    user = official("xa", Role.COMMUNE_OFFICIAL, tree.commune)
    client.force_login(user)
    client.get(reverse("accounts:security"))  # creates the unconfirmed device shown as a QR code
    device = TOTPDevice.objects.get(user=user)
    client.post(reverse("accounts:security"), {"token": totp_now(device), "confirm_totp": "1"})
    device.refresh_from_db()
    assert device.confirmed
    client.post(reverse("accounts:logout"))
    next_time_step(device)

    response = sign_in(client, "xa", PASSWORD)
    assert response.url == reverse("accounts:second_factor")
    assert client.get(reverse("households:list")).status_code == 302  # not signed in yet
    wrong_code = "123456" if totp_now(device) != "123456" else "654321"
    assert client.post(reverse("accounts:second_factor"), {"token": wrong_code}).status_code == 200
    device.refresh_from_db()
    ok = client.post(reverse("accounts:second_factor"), {"token": totp_now(device)})
    assert ok.status_code == 302
    assert client.get(reverse("households:list")).status_code == 200


def test_five_wrong_codes_send_the_user_back_to_the_password(client, tree):
    user = official("xa", Role.COMMUNE_OFFICIAL, tree.commune)
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    sign_in(client, "xa", PASSWORD)
    for _ in range(5):
        response = client.post(reverse("accounts:second_factor"), {"token": "000001"})
    assert response.url == reverse("accounts:login")
    assert client.get(reverse("accounts:second_factor")).url == reverse("accounts:login")


def test_an_official_changes_their_password_and_a_weak_one_is_refused(client, tree):
    user = official("xa", Role.COMMUNE_OFFICIAL, tree.commune)
    client.force_login(user)
    url = reverse("accounts:password_change")
    weak = client.post(url, {"old_password": PASSWORD, "new_password1": "123456789", "new_password2": "123456789"})
    assert weak.status_code == 200
    strong = "mat-khau-moi-rat-dai-2026"
    response = client.post(url, {"old_password": PASSWORD, "new_password1": strong, "new_password2": strong})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(strong)


def test_behind_the_proxy_a_stranger_s_wrong_passwords_do_not_lock_the_official_out(client, tree, settings):
    # Lock-outs are per username AND address: someone who knows an official's username locks out only themself.
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    official("xa", Role.COMMUNE_OFFICIAL, tree.commune)
    stranger = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    official_desk = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.2"}
    url = reverse("accounts:login")
    for _ in range(5):
        client.post(url, {"username": "xa", "password": "wrong-password"}, **stranger)
    assert client.post(url, {"username": "xa", "password": PASSWORD}, **stranger).status_code == 429
    signed_in = client.post(url, {"username": "xa", "password": PASSWORD}, **official_desk)
    assert signed_in.status_code == 302
