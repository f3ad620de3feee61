import pytest
from django.urls import reverse

from accounts.models import Role, RoleAssignment, User
from tests.factories import official


@pytest.fixture
def admin_client(client, tree):
    client.force_login(official("quantri", Role.SYSTEM_ADMIN, tree.commune))
    return client


def new_official(client, **overrides):
    data = {
        "username": "canbo1",
        "full_name": "Lò Văn Pó",
        "phone": "",
        "password": "a-strong-pass-2026",
        "role": Role.VILLAGE_HEAD,
        "unit_code": "91001.001",
    } | overrides
    return client.post(reverse("accounts:officials"), data)


def test_administrator_creates_an_official_with_a_role_in_their_scope(admin_client, tree):
    response = new_official(admin_client)
    assert response.status_code == 302
    user = User.objects.get(username="canbo1")
    assert user.check_password("a-strong-pass-2026")
    assert list(user.role_assignments.values_list("role", "unit__code")) == [(Role.VILLAGE_HEAD, "91001.001")]
    page = admin_client.get(response.url).content.decode()
    assert "Lò Văn Pó" in page and "Lịch sử thay đổi" in page


def test_roles_outside_the_administrators_unit_or_at_the_wrong_level_are_refused(admin_client, tree):
    outside = new_official(admin_client, unit_code=tree.sibling_village.code)
    assert "Không có đơn vị nào mang mã này" in outside.content.decode()
    wrong_level = new_official(admin_client, unit_code=tree.commune.code)
    assert wrong_level.status_code == 200
    weak = new_official(admin_client, password="12345678901")
    assert weak.status_code == 200
    assert not User.objects.filter(username="canbo1").exists()


def test_administrator_revokes_a_role_and_the_official_loses_access(admin_client, client, tree):
    head = official("thon", Role.VILLAGE_HEAD, tree.village)
    assignment = RoleAssignment.objects.get(user=head)
    admin_client.post(reverse("accounts:role_revoke", args=[assignment.pk]))
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    client.force_login(head)
    assert client.get(reverse("households:detail", args=[tree.household.pk])).status_code == 404


def test_only_administrators_see_the_officials_page(client, tree):
    client.force_login(official("xa", Role.COMMUNE_OFFICIAL, tree.commune))
    assert client.get(reverse("accounts:officials")).status_code == 404
    sibling_admin = official("qt2", Role.SYSTEM_ADMIN, tree.sibling)
    client.force_login(sibling_admin)
    page = client.get(reverse("accounts:officials")).content.decode()
    assert "qt2" in page and ">xa<" not in page


def test_an_official_with_roles_in_two_communes_shows_each_administrator_only_their_part(admin_client, tree):
    from accounts.models import Role as R
    from tests.factories import official as make

    person = make("canbo2", R.COMMUNE_OFFICIAL, tree.commune)
    RoleAssignment.objects.create(user=person, role=R.FATHERLAND_FRONT, unit=tree.sibling)
    page = admin_client.get(reverse("accounts:official_detail", args=[person.pk])).content.decode()
    assert "Xã Tân Lập" in page and "Xã Đồng Tâm" not in page
