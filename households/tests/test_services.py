from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from households import rules, services
from households.models import Gender, Household


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)))
def test_a_resident_becomes_a_voter_on_their_eighteenth_birthday(born):
    try:
        birthday = born.replace(year=born.year + 18)
    except ValueError:  # born on 29 February: the birthday falls on 1 March in common years
        birthday = date(born.year + 18, 3, 1)
    assert rules.is_eligible_voter(born, birthday)
    assert not rules.is_eligible_voter(born, birthday - timedelta(days=1))


def test_citizen_id_is_masked_to_its_last_three_digits():
    assert rules.mask_citizen_id("001203004567") == "*********567"
    assert rules.mask_citizen_id(None) == ""


def test_representative_must_be_an_adult_member(tree):
    household = tree.household
    child = services.add_resident(
        household=household,
        full_name="Nguyễn Minh Anh",
        gender=Gender.FEMALE,
        date_of_birth=date.today() - timedelta(days=365 * 10),
    )
    with pytest.raises(ValidationError):
        services.update_household(household=household, address="", head=household.head, representative=child)
    outsider = tree.sibling_household.head
    with pytest.raises(ValidationError):
        services.update_household(household=household, address="", head=household.head, representative=outsider)


def test_citizen_ids_are_twelve_digits_and_unique(tree):
    services.add_resident(household=tree.household, full_name="A", gender=Gender.MALE, citizen_id="001203004567")
    with pytest.raises(ValidationError):
        services.add_resident(household=tree.household, full_name="B", gender=Gender.MALE, citizen_id="001203004567")
    with pytest.raises(ValidationError):
        services.add_resident(household=tree.household, full_name="C", gender=Gender.MALE, citizen_id="12345")


def test_split_moves_chosen_members_into_a_new_household_with_history(tree):
    household = tree.household
    wife = household.members.get(full_name="Lê Thị Hoa")
    new = services.split_household(household=household, residents=[wife], address="Xóm 9")
    wife.refresh_from_db()
    assert wife.household == new and new.head == wife and new.village == household.village
    assert list(household.members.values_list("full_name", flat=True)) == ["Nguyễn Văn Đức"]
    assert "le thi hoa" in new.search_text and "le thi hoa" not in Household.objects.get(pk=household.pk).search_text
    assert wife.history.first().history_change_reason.endswith(household.code)
    with pytest.raises(ValidationError):
        services.split_household(household=household, residents=list(household.members.all()))


def test_merge_moves_members_and_keeps_the_source_inactive(tree):
    other = services.create_household(village=tree.village, address="Xóm 2")
    services.add_resident(household=other, full_name="Phạm Văn Long", gender=Gender.MALE)
    services.merge_households(target=tree.household, sources=[other])
    other.refresh_from_db()
    assert not other.is_active and other.merged_into == tree.household
    assert tree.household.members.filter(full_name="Phạm Văn Long").exists()
    with pytest.raises(ValidationError):
        services.merge_households(target=tree.household, sources=[other])


def test_moving_a_household_keeps_who_and_why_in_history(tree):
    services.move_household(household=tree.household, village=tree.village2, reason="Chuyển nơi ở")
    record = tree.household.history.first()
    assert record.village_id == tree.village2.pk
    assert record.history_change_reason == "Chuyển nơi ở"
    with pytest.raises(ValidationError):
        services.move_household(household=tree.household, village=tree.commune)
