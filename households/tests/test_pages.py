"""The household pages as a commune official uses them: each form saves through its service or explains why not."""

import pytest
from django.urls import reverse

from accounts.models import Role
from households.models import Household, Resident
from tests.factories import official


@pytest.fixture
def official_client(client, tree):
    client.force_login(official("xa", Role.COMMUNE_OFFICIAL, tree.commune))
    client.get(reverse("localities:detail", args=[tree.commune.code]))
    return client


def test_create_a_household_then_add_members(official_client, tree):
    response = official_client.post(reverse("households:create"), {"village": tree.village2.pk, "address": "Xóm 8"})
    household = Household.objects.get(address="Xóm 8")
    assert response.url == reverse("households:resident_create", args=[household.pk])
    official_client.post(
        response.url,
        {"full_name": "Ma Văn Sình", "gender": "M", "date_of_birth": "1988-08-08", "relationship": "Chủ hộ"},
    )
    household.refresh_from_db()
    assert household.head.full_name == household.representative.full_name == "Ma Văn Sình"
    assert household.code.startswith(tree.commune.code + "-")


def test_a_future_birth_date_is_refused_with_a_message(official_client, tree):
    url = reverse("households:resident_create", args=[tree.household.pk])
    response = official_client.post(url, {"full_name": "Bé Na", "gender": "F", "date_of_birth": "2999-01-01"})
    assert response.status_code == 200
    assert "Ngày sinh không thể ở tương lai" in response.content.decode()
    assert not Resident.objects.filter(full_name="Bé Na").exists()


def test_split_and_merge_through_the_pages(official_client, tree):
    wife = tree.household.members.get(full_name="Lê Thị Hoa")
    response = official_client.post(
        reverse("households:split", args=[tree.household.pk]), {"residents": [wife.pk], "address": "Xóm 2"}
    )
    new = Household.objects.get(head=wife)
    assert response.url == reverse("households:detail", args=[new.pk])
    official_client.post(reverse("households:merge", args=[tree.household.pk]), {"source_code": new.code})
    new.refresh_from_db()
    assert not new.is_active
    refused = official_client.post(
        reverse("households:merge", args=[tree.household.pk]), {"source_code": tree.sibling_household.code}
    )
    assert "Không có hộ nào mang mã này" in refused.content.decode()


def test_move_offers_only_villages_the_official_may_change(official_client, tree):
    page = official_client.get(reverse("households:move", args=[tree.household.pk])).content.decode()
    assert "Thôn Tây" in page and "Thôn Bắc" not in page
    official_client.post(reverse("households:move", args=[tree.household.pk]), {"village": tree.sibling_village.pk})
    tree.household.refresh_from_db()
    assert tree.household.village == tree.village


def test_village_rename_and_merge_show_in_the_units_history(official_client, tree):
    official_client.post(
        reverse("localities:village_rename", args=[tree.village2.code]),
        {"name": "Thôn Tây Mới", "division_type": "thôn"},
    )
    official_client.post(reverse("localities:village_merge", args=[tree.village2.code]), {"target": tree.village.pk})
    page = official_client.get(reverse("localities:detail", args=[tree.village2.code])).content.decode()
    assert "Thôn Tây Mới" in page and "đã sáp nhập" in page
    assert "Lịch sử thay đổi" in page and "xa" in page


def test_a_member_who_moves_away_leaves_the_household_with_a_reason(official_client, tree):
    wife = tree.household.members.get(full_name="Lê Thị Hoa")
    official_client.post(
        reverse("households:resident_remove", args=[wife.pk]),
        {"reason": "moved_away", "left_on": "2026-10-01", "note": "Chuyển vào TP Hồ Chí Minh"},
    )
    wife.refresh_from_db()
    assert not wife.is_active and wife.left_reason == "moved_away"
    page = official_client.get(reverse("households:detail", args=[tree.household.pk])).content.decode()
    assert "Chuyển vào TP Hồ Chí Minh" in page  # in the history
    assert "Thành viên (1)" in page
    assert "le thi hoa" not in Household.objects.get(pk=tree.household.pk).search_text


def test_the_representative_leaving_clears_the_representative(tree):
    from datetime import date

    from households import services

    head = tree.household.representative
    services.remove_resident(resident=head, reason="deceased", left_on=date(2026, 1, 2))
    tree.household.refresh_from_db()
    assert tree.household.representative is None and tree.household.head is None
