import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from households.models import Household
from localities import services
from localities.models import AdministrativeUnit, LegacyLevel, LegacySuccession, LegacyUnit, Level
from tests.factories import household_with, village


@pytest.mark.django_db
def test_all_official_provinces_and_communes_load_once_with_legacy_mapping():
    first = services.sync_official_units()
    assert (first.provinces, first.communes) == (34, 3321)
    assert AdministrativeUnit.objects.filter(level=Level.PROVINCE).count() == 34
    assert AdministrativeUnit.objects.filter(level=Level.COMMUNE).count() == 3321
    again = services.sync_official_units()
    assert (again.created, again.renamed) == (0, 0)
    # Before July 2025: 63 provinces, ~700 districts, ~10,000 communes, each mapped to today's units.
    assert LegacyUnit.objects.filter(level=LegacyLevel.PROVINCE).count() == 63
    assert LegacyUnit.objects.filter(level=LegacyLevel.WARD).count() > 10_000
    ha_giang = LegacyUnit.objects.get(level=LegacyLevel.PROVINCE, name__contains="Hà Giang")
    assert [u.name for u in ha_giang.successors.all()] == ["Tỉnh Tuyên Quang"]
    assert LegacySuccession.objects.filter(is_partly_merged=True).exists()
    hanoi = AdministrativeUnit.objects.get(code="01")
    assert hanoi.descendants(include_self=False).count() == hanoi.children.count() > 100


def test_everything_under_a_unit_is_one_query_at_any_depth(tree):
    deep = village(tree.commune, 9, "Thôn Sâu")
    with CaptureQueriesContext(connection) as queries:
        codes = set(AdministrativeUnit.objects.under(tree.province.path).values_list("code", flat=True))
    assert len(queries) == 1
    assert {tree.commune.code, tree.sibling.code, deep.code, tree.sibling_village.code} <= codes
    assert tree.sibling.code not in set(tree.commune.descendants().values_list("code", flat=True))


def test_villages_are_created_renamed_without_duplicates(tree):
    created = services.create_village(commune=tree.commune, name="  Thôn   Nam ", division_type="thôn")
    assert created.name == "Thôn Nam" and created.parent == tree.commune and created.path.startswith(tree.commune.path)
    with pytest.raises(ValidationError):
        services.create_village(commune=tree.commune, name="thon nam", division_type="thôn")
    services.rename_village(village=created, name="Thôn Nam Mới")
    assert created.history.first().name == "Thôn Nam Mới"
    with pytest.raises(ValidationError):
        services.create_village(commune=tree.village, name="X", division_type="thôn")


def test_merging_villages_moves_households_and_keeps_the_old_village(tree):
    moved = household_with(tree.village2, "Đinh Văn Tú")
    services.merge_villages(sources=[tree.village2], target=tree.village, reason="NQ 01/2026")
    tree.village2.refresh_from_db()
    assert not tree.village2.is_active and tree.village2.merged_into == tree.village
    assert tree.village2.history.first().history_change_reason == "NQ 01/2026"
    assert Household.objects.get(pk=moved.pk).village == tree.village
    with pytest.raises(ValidationError):
        services.merge_villages(sources=[tree.sibling_village], target=tree.village)


def test_village_import_is_all_or_nothing(tree):
    good = "Tên thôn/tổ dân phố,Loại\nThôn Mới 1,thôn\nTổ 5,tổ dân phố\n".encode()
    assert services.import_villages(commune=tree.commune, file_name="t.csv", content=good) == 2
    assert services.import_villages(commune=tree.commune, file_name="t.csv", content=good) == 0
    bad = "Tên thôn/tổ dân phố,Loại\nThôn Mới 3,thôn\nThôn X,lâu đài\n".encode()
    with pytest.raises(ValidationError) as error:
        services.import_villages(commune=tree.commune, file_name="t.csv", content=bad)
    assert "3" in error.value.messages[0]
    assert not tree.commune.children.filter(name="Thôn Mới 3").exists()


@pytest.mark.django_db
def test_a_communes_page_and_the_api_show_the_former_units_it_came_from(client):
    from accounts.models import ApiToken, Role
    from tests.factories import official

    services.sync_official_units()
    commune = AdministrativeUnit.objects.get(code="00004")  # Phường Ba Đình, Hà Nội
    client.force_login(official("xa", Role.COMMUNE_OFFICIAL, commune))
    page = client.get(f"/units/{commune.code}/").content.decode()
    assert "Phường Trúc Bạch" in page and "một phần" in page
    _token, key = ApiToken.issue(user=official("xa2", Role.COMMUNE_OFFICIAL, commune), name="t")
    found = client.get("/api/legacy-units", {"code": 4, "level": 3}, headers={"Authorization": f"Bearer {key}"})
    assert found.json()[0]["name"] == "Phường Trúc Bạch" and "00004" in found.json()[0]["successors"]
