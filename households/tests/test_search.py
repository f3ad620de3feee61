from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import Role
from grassroots.text import fold
from households.selectors import search_households
from tests.factories import household_with, official


def test_fold_ignores_diacritics_case_and_maps_d_stroke():
    assert fold("Nguyễn Văn Đức") == "nguyen van duc"
    assert fold("  ĐẶNG   thị  Ánh ") == "dang thi anh"


@given(st.text())
def test_fold_is_idempotent_and_leaves_no_vietnamese_marks(text):
    once = fold(text)
    assert fold(once) == once
    assert not set(once) & set("đĐăâêôơưàáảãạèéẻẽẹ")


def test_search_without_diacritics_finds_the_resident(tree):
    user = official("xa", Role.COMMUNE_OFFICIAL, tree.commune)
    page = search_households(user, unit=tree.commune, query="nguyen van duc")
    assert page.items == [tree.household]
    assert search_households(user, unit=tree.commune, query="NGUYỄN VĂN ĐỨC").items == [tree.household]
    assert search_households(user, unit=tree.commune, query="van duc nguyen").items == []


def test_search_never_returns_households_outside_the_users_scope(tree):
    household_with(tree.sibling_village, "Nguyễn Văn Đức", code="91002-000777")
    user = official("xa", Role.COMMUNE_OFFICIAL, tree.commune)
    # Even when asked about the whole province, a commune official only gets their commune.
    page = search_households(user, unit=tree.province, query="nguyen van duc")
    assert page.items == [tree.household]


def test_search_pages_without_counting_everything(tree):
    for number in range(30):
        household_with(tree.village, f"Nguyễn Văn Hộ {number}", code=f"91001-1{number:05d}")
    user = official("xa", Role.COMMUNE_OFFICIAL, tree.commune)
    first = search_households(user, unit=tree.commune, query="nguyen van ho", page=1)
    second = search_households(user, unit=tree.commune, query="nguyen van ho", page=2)
    assert (len(first.items), first.has_next) == (25, True)
    assert (len(second.items), second.has_next) == (5, False)
    assert not {h.pk for h in first.items} & {h.pk for h in second.items}


def test_search_page_answers_htmx_with_the_results_fragment(client, tree):
    client.force_login(official("xa", Role.COMMUNE_OFFICIAL, tree.commune))
    response = client.get(
        reverse("households:list"),
        {"q": "le thi hoa"},
        headers={"HX-Request": "true", "HX-Target": "household-results"},
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="household-results">')
    assert "91001-000001" in html


def test_a_household_code_or_an_unfinished_name_finds_the_household(tree):
    user = official("xa", Role.COMMUNE_OFFICIAL, tree.commune)
    assert search_households(user, unit=None, query="91001-000001").items == [tree.household]
    assert search_households(user, unit=None, query="91001-0000").items == [tree.household]
    assert search_households(user, unit=None, query="le thi ho").items == [tree.household]


def test_a_phrase_matches_a_name_or_an_address_and_pages_through_both(tree):
    for number in range(20):
        household_with(tree.village, f"Lò Văn Sinh {number}", code=f"91001-2{number:05d}")
    for number in range(10):
        household = household_with(tree.village, "Vàng A Páo", code=f"91001-3{number:05d}")
        household.address = "Bản Lò Văn Sinh"
        household.search_text = household.build_search_text()
        household.save()
    user = official("xa", Role.COMMUNE_OFFICIAL, tree.commune)
    first = search_households(user, unit=tree.commune, query="lo van sinh", page=1)
    second = search_households(user, unit=tree.commune, query="lo van sinh", page=2)
    found = [h.pk for h in first.items + second.items]
    assert len(found) == len(set(found)) == 30 and not second.has_next
    assert found == sorted(found)
    assert search_households(user, unit=tree.commune, query="van sinh lo").items == []


def test_a_nonsense_page_number_shows_the_first_page(client, tree):
    client.force_login(official("xa", Role.COMMUNE_OFFICIAL, tree.commune))
    assert client.get(reverse("households:list"), {"page": "abc"}).status_code == 200
    assert client.get(reverse("localities:detail", args=[tree.village.code]), {"page": "-3"}).status_code == 200
