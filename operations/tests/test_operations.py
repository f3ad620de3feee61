import re
import subprocess
import sys

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import ApiToken, Role
from tests.factories import official


def test_healthz_reports_database_status(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"]["status"] == "ok"


def test_openapi_document_and_docs_are_served(client, db):
    document = client.get("/api/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert {"/api/households", "/api/units", "/api/households/{household_id}"} <= set(document["paths"])
    assert client.get("/api/docs").status_code == 200


def test_api_needs_a_valid_token(client, tree):
    assert client.get("/api/households").status_code == 401
    assert client.get("/api/households", headers={"Authorization": "Bearer gr_guess"}).status_code == 401
    user = official("xa", Role.COMMUNE_OFFICIAL, tree.commune)
    token, key = ApiToken.issue(user=user, name="t")
    assert client.get("/api/households", headers={"Authorization": f"Bearer {key}"}).status_code == 200
    token.revoked_at = token.created_at
    token.save()
    assert client.get("/api/households", headers={"Authorization": f"Bearer {key}"}).status_code == 401


def test_api_creates_a_household_with_members_and_refuses_bad_input(client, tree):
    user = official("xa", Role.COMMUNE_OFFICIAL, tree.commune)
    _token, key = ApiToken.issue(user=user, name="t")
    auth = {"Authorization": f"Bearer {key}"}
    created = client.post(
        "/api/households",
        {"village_code": tree.village.code, "address": "Xóm 5"},
        content_type="application/json",
        headers=auth,
    )
    assert created.status_code == 201
    household_id = created.json()["id"]
    member = client.post(
        f"/api/households/{household_id}/members",
        {"full_name": "Đào Văn Nam", "gender": "M", "date_of_birth": "1985-04-30", "citizen_id": "001085001234"},
        content_type="application/json",
        headers=auth,
    )
    assert member.status_code == 201
    assert member.json()["citizen_id_masked"] == "*********234"
    detail = client.get(f"/api/households/{household_id}", headers=auth).json()
    assert detail["head_name"] == "Đào Văn Nam" and "001085001234" not in str(detail)
    bad = client.post(
        f"/api/households/{household_id}/members",
        {"full_name": "X", "gender": "M", "citizen_id": "123"},
        content_type="application/json",
        headers=auth,
    )
    assert bad.status_code == 422


def test_household_page_shows_history_with_who_changed_it(client, tree):
    user = official("xa", Role.COMMUNE_OFFICIAL, tree.commune)
    client.force_login(user)
    client.post(
        reverse("households:edit", args=[tree.household.pk]),
        {
            "address": "Số 5, Xóm Mới",
            "head": tree.household.head_id,
            "representative": tree.household.representative_id,
        },
    )
    page = client.get(reverse("households:detail", args=[tree.household.pk])).content.decode()
    assert "Lịch sử thay đổi" in page
    assert "Số 5, Xóm Mới" in page and "xa" in page


def test_pages_are_vietnamese_by_default_and_switch_to_english(client, tree):
    client.force_login(official("xa", Role.COMMUNE_OFFICIAL, tree.commune))
    assert "Hộ gia đình" in client.get(reverse("households:list")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/households/"})
    assert "Search by name, code or address" in client.get(reverse("households:list")).content.decode()


def test_vietnamese_catalogue_is_complete_and_compiled():
    po = polib.pofile(str(settings.BASE_DIR / "locale/vi/LC_MESSAGES/django.po"))
    assert po.untranslated_entries() == [] and po.fuzzy_entries() == []
    mo = polib.mofile(str(settings.BASE_DIR / "locale/vi/LC_MESSAGES/django.mo"))
    # Keyed by context too: one English word can need two Vietnamese ones ("Move" a household, "Move" an opinion).
    assert {(e.msgctxt, e.msgid): e.msgstr for e in po if not e.msgid_plural} == {
        (e.msgctxt, e.msgid): e.msgstr for e in mo if not e.msgid_plural and e.msgid
    }


def test_every_vietnamese_format_string_takes_the_same_values_as_its_english_one():
    """A stray "%" in a translation ("trên 50% tổng số") breaks the page that formats it: each translation of a
    format string is formatted with the names its English one has, and must say nothing else with "%"."""
    po = polib.pofile(str(settings.BASE_DIR / "locale/vi/LC_MESSAGES/django.po"))
    for entry in po:
        if "python-format" not in entry.flags:
            continue
        names = {name: 1 for name in re.findall(r"%\((\w+)\)", entry.msgid + (entry.msgid_plural or ""))}
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            try:
                text % names if names else text % ()
            except (ValueError, TypeError, KeyError) as exc:
                raise AssertionError(f"{entry.msgid!r}: {text!r} ({exc})") from exc


def test_translation_functions_go_by_names_makemessages_extracts():
    """`gettext as _g` hid the portal's result sentences from makemessages, so they reached residents in English."""
    extracted = {
        "_",
        "gettext",
        "gettext_lazy",
        "gettext_noop",
        "ngettext",
        "ngettext_lazy",
        "pgettext",
        "pgettext_lazy",
    }
    aliases = re.compile(r"from django\.utils\.translation import .*\b(\w*gettext\w*) as (\w+)")
    hidden = []
    for path in settings.BASE_DIR.glob("*/**/*.py"):
        if path.parts[len(settings.BASE_DIR.parts)] in {".venv", ".tools", "bench"}:
            continue
        for function, alias in aliases.findall(path.read_text()):
            if alias not in extracted:
                hidden.append(f"{path}: {function} as {alias}")
    assert hidden == []


@pytest.mark.skipif(sys.platform != "linux", reason="deploy check runs where the app is deployed")
def test_production_settings_pass_the_deploy_check():
    env = {
        "DJANGO_SETTINGS_MODULE": "grassroots.settings_production",
        "SECRET_KEY": "x" * 64 + "-a-production-secret-with-enough-entropy",
        "ALLOWED_HOSTS": "dancoso.example.vn",
        "SITE_URL": "https://dancoso.example.vn",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
