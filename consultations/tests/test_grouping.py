"""Grouping opinions that say the same thing, whatever the diacritics, word order around them or the order sent."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from consultations.grouping import as_written, features, group_opinions, syllables
from grassroots.text import fold

ROAD = [
    "Đề nghị mở rộng đường liên thôn qua xóm Đông cho xe cứu thương đi được",
    "de nghi mo rong duong lien thon qua xom dong de xe cuu thuong di duoc",
    "Tôi đề nghị mở rộng đường liên thôn qua xóm Đông, xe cứu thương không vào được",
]
LIGHT = [
    "Cần lắp thêm đèn chiếu sáng ở ngõ 5 vì buổi tối rất tối, trẻ em đi học về nguy hiểm",
    "can lap them den chieu sang o ngo 5 vi buoi toi rat toi tre em di hoc ve nguy hiem",
]
FEE = ["Mức đóng góp 500.000 đồng mỗi hộ là quá cao với hộ nghèo, đề nghị miễn cho hộ nghèo và cận nghèo"]


def test_syllables_fold_diacritics_and_d():
    assert syllables("Mở rộng ĐƯỜNG, xóm Đông!") == ["mo", "rong", "duong", "xom", "dong"]
    assert features("mở rộng đường") == ["mo", "rong", "duong", "mo rong", "rong duong"]


def test_rewordings_and_unaccented_copies_of_one_point_are_grouped_apart_from_other_points():
    grouping = group_opinions(ROAD + LIGHT + FEE)
    assert sorted(map(sorted, grouping.groups)) == [[0, 1, 2], [3, 4], [5]]


def test_each_group_shows_the_phrases_it_is_about():
    grouping = group_opinions(ROAD + LIGHT + FEE)
    road = grouping.key_phrases[grouping.labels[0]]
    assert road and all(" " in phrase for phrase in road)
    assert any(fold(phrase) in {"mo rong", "rong duong", "lien thon", "cuu thuong", "xom dong"} for phrase in road)
    # Shown as the opinions write them, with their diacritics, though some were typed without.
    assert road != [fold(phrase) for phrase in road]


def test_a_phrase_is_shown_as_most_opinions_write_it():
    texts = ["Mở rộng đường", "mo rong duong", "Cần mở rộng thêm"]
    assert as_written("mo rong", texts) == "mở rộng"
    assert as_written("khong co", texts) == "khong co"


def test_empty_and_wordless_opinions_stand_alone():
    assert group_opinions([]).labels == []
    assert group_opinions(["!!!", "...", "?"]).groups == [[0], [1], [2]]


@settings(max_examples=25, deadline=None)
@given(st.randoms(use_true_random=False))
def test_the_groups_do_not_depend_on_the_order_the_opinions_came_in(rng: random.Random):
    texts = ROAD + LIGHT + FEE
    order = list(range(len(texts)))
    rng.shuffle(order)
    shuffled = group_opinions([texts[i] for i in order])
    as_sets = {frozenset(order[i] for i in members) for members in shuffled.groups}
    assert as_sets == {frozenset(m) for m in group_opinions(texts).groups}
    assert sorted(len(m) for m in shuffled.groups) == [1, 2, 3]


def test_generated_opinions_on_different_points_never_share_a_group():
    from consultations.generate import POINTS, generate_opinions

    opinions = generate_opinions(3000, seed=7)
    grouping = group_opinions([text for text, _ in opinions])
    for members in grouping.groups:
        assert len({opinions[i][1] for i in members}) == 1
    # Each point is said in two ways and from several places: a few groups per point, not one per opinion.
    assert len(grouping.groups) <= 15 * len(POINTS)
