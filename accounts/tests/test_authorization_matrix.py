"""Role × (own unit, sibling unit, parent unit) × (read, write), through pages and the API.

A role bound to a unit reaches that unit and everything under it, never a sibling or a parent.
"""

import pytest
from django.urls import reverse

from accounts.models import ApiToken, Role
from accounts.scoping import CAPABILITIES, Action
from households.models import Household
from tests.factories import household_with, official

# Where each role is bound in the fixture tree, and who its "sibling" and "parent" are.
BINDINGS = {
    Role.SYSTEM_ADMIN: "commune",
    Role.PROVINCIAL_STEERING: "commune",
    Role.COMMUNE_OFFICIAL: "commune",
    Role.VILLAGE_HEAD: "village",
    Role.FATHERLAND_FRONT: "commune",
    Role.INSPECTION_BOARD: "commune",
    Role.SUPERVISION_BOARD: "commune",
}


def _targets(tree, bound):
    """A household in the own unit, in a sibling unit, and in the parent unit only (not under the own unit)."""
    if bound == "commune":
        return {"own": tree.household, "sibling": tree.sibling_household, "parent": tree.sibling_household}
    other_village = household_with(tree.village2, "Phạm Thị Mai", code="91001-000002")
    return {"own": tree.household, "sibling": other_village, "parent": other_village}


CASES = [(role, where) for role in Role for where in ("own", "sibling", "parent")]


@pytest.mark.parametrize(("role", "where"), CASES)
def test_household_pages_follow_the_matrix(client, tree, role, where):
    bound = BINDINGS[role]
    user = official(f"u-{role}", role, getattr(tree, bound))
    target = _targets(tree, bound)[where]
    client.force_login(user)
    may_read = where == "own" and Action.VIEW_HOUSEHOLDS in CAPABILITIES[role]
    may_write = where == "own" and Action.CHANGE_HOUSEHOLDS in CAPABILITIES[role]

    page = client.get(reverse("households:detail", args=[target.pk]))
    assert page.status_code == (200 if may_read else 404)

    edit = client.post(
        reverse("households:edit", args=[target.pk]),
        {"address": "Địa chỉ đã sửa", "head": "", "representative": ""},
    )
    assert edit.status_code == (302 if may_write else 404)
    target.refresh_from_db()
    assert (target.address == "Địa chỉ đã sửa") is may_write

    # The list never shows a household the role may not read, whatever unit the session says.
    listing = client.get(reverse("households:list"), {"q": target.code})
    detail_link = f'href="{reverse("households:detail", args=[target.pk])}"'
    assert (detail_link in listing.content.decode()) is may_read


@pytest.mark.parametrize(("role", "where"), CASES)
def test_household_api_follows_the_matrix(client, tree, role, where):
    bound = BINDINGS[role]
    user = official(f"api-{role}", role, getattr(tree, bound))
    _token, key = ApiToken.issue(user=user, name="test")
    headers = {"Authorization": f"Bearer {key}"}
    target = _targets(tree, bound)[where]
    may_read = where == "own" and Action.VIEW_HOUSEHOLDS in CAPABILITIES[role]
    may_write = where == "own" and Action.CHANGE_HOUSEHOLDS in CAPABILITIES[role]

    read = client.get(f"/api/households/{target.pk}", headers=headers)
    assert read.status_code == (200 if may_read else 404)
    listing = client.get("/api/households", {"q": target.code}, headers=headers).json()
    assert any(item["id"] == target.pk for item in listing["items"]) is may_read

    write = client.patch(
        f"/api/households/{target.pk}", {"address": "API đã sửa"}, content_type="application/json", headers=headers
    )
    assert write.status_code == (200 if may_write else 404)
    assert (Household.objects.get(pk=target.pk).address == "API đã sửa") is may_write


def test_commune_official_cannot_reach_another_communes_household_by_url_or_api(client, tree):
    user = official("xa", Role.COMMUNE_OFFICIAL, tree.commune)
    client.force_login(user)
    _token, key = ApiToken.issue(user=user, name="t")
    assert client.get(reverse("households:detail", args=[tree.sibling_household.pk])).status_code == 404
    assert client.get(reverse("localities:detail", args=[tree.sibling.code])).status_code == 404
    assert client.get(reverse("localities:detail", args=[tree.province.code])).status_code == 404
    api = client.get(f"/api/households/{tree.sibling_household.pk}", headers={"Authorization": f"Bearer {key}"})
    assert api.status_code == 404
    units = client.get("/api/units", headers={"Authorization": f"Bearer {key}"}).json()
    assert {u["code"] for u in units} == {tree.commune.code, tree.village.code, tree.village2.code}


def test_village_head_cannot_create_villages_but_commune_official_can(client, tree):
    head = official("thon", Role.VILLAGE_HEAD, tree.village)
    client.force_login(head)
    url = reverse("localities:village_create", args=[tree.commune.code])
    assert client.post(url, {"name": "Thôn Mới", "division_type": "thôn"}).status_code == 404
    client.force_login(official("xa", Role.COMMUNE_OFFICIAL, tree.commune))
    assert client.post(url, {"name": "Thôn Mới", "division_type": "thôn"}).status_code == 302
    assert tree.commune.children.filter(name="Thôn Mới").exists()


def test_commune_official_cannot_create_village_in_sibling_commune_via_api(client, tree):
    user = official("xa", Role.COMMUNE_OFFICIAL, tree.commune)
    _token, key = ApiToken.issue(user=user, name="t")
    response = client.post(
        f"/api/units/{tree.sibling.code}/villages",
        {"name": "Thôn Lạ"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 404
    assert not tree.sibling.children.filter(name="Thôn Lạ").exists()


def _units(tree, bound):
    """The own unit, a sibling of it, and its parent."""
    if bound == "commune":
        return {"own": tree.commune, "sibling": tree.sibling, "parent": tree.province}
    return {"own": tree.village, "sibling": tree.village2, "parent": tree.commune}


@pytest.mark.parametrize(("role", "where"), CASES)
def test_unit_pages_and_village_writes_follow_the_matrix(client, tree, role, where):
    bound = BINDINGS[role]
    user = official(f"unit-{role}", role, getattr(tree, bound))
    unit = _units(tree, bound)[where]
    client.force_login(user)
    _token, key = ApiToken.issue(user=user, name="t")
    headers = {"Authorization": f"Bearer {key}"}
    may_read = where == "own" and Action.VIEW_UNITS in CAPABILITIES[role]

    assert client.get(reverse("localities:detail", args=[unit.code])).status_code == (200 if may_read else 404)
    assert client.get(f"/api/units/{unit.code}", headers=headers).status_code == (200 if may_read else 404)

    # Villages are written under a unit: the target itself, or a village's commune.
    commune = unit.parent if unit.level == 3 else unit
    may_write = commune.path.startswith(getattr(tree, bound).path) and Action.MANAGE_VILLAGES in CAPABILITIES[role]
    page = client.post(
        reverse("localities:village_create", args=[commune.code]), {"name": "Thôn Thử", "division_type": "thôn"}
    )
    assert page.status_code in ((302,) if may_write else (403, 404))
    api = client.post(
        f"/api/units/{commune.code}/villages",
        {"name": "Thôn Thử Hai"},
        content_type="application/json",
        headers=headers,
    )
    assert api.status_code in ((201,) if may_write else (403, 404))
    assert commune.children.filter(name__startswith="Thôn Thử").count() == (2 if may_write else 0)


@pytest.mark.parametrize(("role", "where"), CASES)
def test_disclosure_pages_and_api_follow_the_matrix(client, tree, role, where):
    """A disclosure published in the own, sibling or parent unit: who reads it and who may withdraw it."""
    from django.utils import timezone

    from disclosures import services
    from disclosures.models import Disclosure, Status

    bound = BINDINGS[role]
    unit = _units(tree, bound)[where]
    if unit.level == 1:  # nothing is published by a province: take a commune that is not the own one
        unit = tree.sibling
    publisher = official(f"pub-{role}-{where}", Role.SYSTEM_ADMIN, tree.province)
    today = timezone.localdate()
    target = services.publish_disclosure(
        by=publisher,
        unit=unit,
        data=services.DisclosureInput(title="Thông báo", topic="other", issued_on=today, effective_from=today),
    )
    user = official(f"d-{role}", role, getattr(tree, bound))
    client.force_login(user)
    _token, key = ApiToken.issue(user=user, name="t")
    headers = {"Authorization": f"Bearer {key}"}
    may_read = where == "own" and Action.VIEW_DISCLOSURES in CAPABILITIES[role]
    may_write = where == "own" and Action.PUBLISH_DISCLOSURES in CAPABILITIES[role]

    assert client.get(reverse("disclosures:detail", args=[target.pk])).status_code == (200 if may_read else 404)
    assert client.get(f"/api/disclosures/{target.pk}", headers=headers).status_code == (200 if may_read else 404)
    withdrawal = client.post(
        f"/api/disclosures/{target.pk}/withdrawal",
        {"reason": "Kiểm tra quyền"},
        content_type="application/json",
        headers=headers,
    )
    assert withdrawal.status_code == (200 if may_write else 403 if may_read else 404)
    assert (Disclosure.objects.get(pk=target.pk).status == Status.WITHDRAWN) is may_write
    # Everyone, signed in or not, reads it on the public portal.
    client.logout()
    assert client.get(reverse("portal:disclosure", args=[target.pk])).status_code == 200
