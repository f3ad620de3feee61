"""A server started without the development opt-in refuses the published key and DEBUG (issue 13, finding 9)."""

import subprocess
import sys

import pytest
from django.conf import settings

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="runs the app as it is deployed")

PRODUCTION_KEY = "x" * 64 + "-a-production-secret-with-enough-entropy"


def _run(*args, **env):
    """Python in the project folder with only `env` set: no GRASSROOTS_DEV, no PYTEST_VERSION from this run."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
    )


def test_manage_py_without_a_secret_key_refuses_to_start():
    result = _run("manage.py", "check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_debug_is_refused_without_the_development_opt_in():
    result = _run("manage.py", "check", DEBUG="1", SECRET_KEY=PRODUCTION_KEY)
    assert result.returncode != 0
    assert "DEBUG is on outside development" in result.stderr


def test_the_development_key_is_refused_even_when_given_explicitly():
    result = _run("manage.py", "check", DEBUG="0", SECRET_KEY=settings.DEVELOPMENT_SECRET_KEY)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_the_opt_in_allows_the_demo_and_production_settings_still_refuse_its_key():
    assert _run("manage.py", "check", GRASSROOTS_DEV="1").returncode == 0
    production = _run("manage.py", "check", GRASSROOTS_DEV="1", DJANGO_SETTINGS_MODULE="grassroots.settings_production")
    assert production.returncode != 0
    assert "SECRET_KEY must be set" in production.stderr


def test_the_wsgi_application_is_production_by_default():
    result = _run(
        "-c",
        "import grassroots.wsgi; from django.conf import settings;"
        " print(settings.SETTINGS_MODULE, settings.DEBUG, settings.SECURE_SSL_REDIRECT)",
        SECRET_KEY=PRODUCTION_KEY,
        ALLOWED_HOSTS="dancoso.example.vn",
        SITE_URL="https://dancoso.example.vn",
    )
    assert result.stdout.split() == ["grassroots.settings_production", "False", "True"], result.stderr


def test_in_production_every_role_that_recognises_results_must_use_two_step_sign_in():
    from accounts.scoping import CAPABILITIES, Action

    result = _run(
        "-c",
        "import django; django.setup(); from django.conf import settings;"
        " print(' '.join(settings.TWO_FACTOR_REQUIRED_ROLES), settings.SESSION_IDLE_TIMEOUT)",
        DJANGO_SETTINGS_MODULE="grassroots.settings_production",
        SECRET_KEY=PRODUCTION_KEY,
        ALLOWED_HOSTS="dancoso.example.vn",
        SITE_URL="https://dancoso.example.vn",
    )
    *required, idle = result.stdout.split()
    recognisers = {role for role, actions in CAPABILITIES.items() if Action.RECOGNISE_DECISIONS in actions}
    # Those who run votes print households' codes and name the counting team (who could take the key).
    runners = {role for role, actions in CAPABILITIES.items() if Action.RUN_DECISIONS in actions}
    assert recognisers | runners <= set(required) and "superuser" in required, result.stderr
    assert idle == str(30 * 60)


def test_production_refuses_a_weak_key():
    """Every household's code and every seal is keyed by it; with a copy of the database a short key is guessed."""
    result = _run(
        "manage.py",
        "check",
        DJANGO_SETTINGS_MODULE="grassroots.settings_production",
        SECRET_KEY="short",
        ALLOWED_HOSTS="dancoso.example.vn",
        SITE_URL="https://dancoso.example.vn",
    )
    assert result.returncode != 0 and "SECRET_KEY is too weak" in result.stderr


def test_production_refuses_to_start_without_the_address_printed_on_ballot_sheets():
    """Left at its default, every household's sheet and QR code would send residents to 127.0.0.1."""
    result = _run(
        "manage.py",
        "check",
        DJANGO_SETTINGS_MODULE="grassroots.settings_production",
        SECRET_KEY=PRODUCTION_KEY,
        ALLOWED_HOSTS="dancoso.example.vn",
    )
    assert result.returncode != 0 and "SITE_URL must be set" in result.stderr


def test_the_development_opt_in_does_not_turn_off_two_step_sign_in_in_production():
    result = _run(
        "-c",
        "import django; django.setup(); from django.conf import settings;"
        " print(' '.join(settings.TWO_FACTOR_REQUIRED_ROLES))",
        GRASSROOTS_DEV="1",
        TWO_FACTOR_REQUIRED_ROLES="",
        DJANGO_SETTINGS_MODULE="grassroots.settings_production",
        SECRET_KEY=PRODUCTION_KEY,
        ALLOWED_HOSTS="dancoso.example.vn",
        SITE_URL="https://dancoso.example.vn",
    )
    assert {"superuser", "system_admin", "commune_official"} <= set(result.stdout.split()), result.stderr
