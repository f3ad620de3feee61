"""Overlap detection between programmes: pure functions of the tasks' texts."""

from steering.generate import generate_tasks
from steering.overlap import find_overlaps


def test_tasks_on_a_shared_subject_are_flagged_and_others_rarely():
    mine = generate_tasks(200, seed=1, subjects=range(0, 12))
    theirs = generate_tasks(2000, seed=2, subjects=range(8, 24))
    matches = find_overlaps([t for t, _, _ in mine], [t for t, _, _ in theirs])
    flagged = {m.task for m in matches}
    should = {i for i, (_, _, subject) in enumerate(mine) if subject in range(8, 12)}
    assert should <= flagged  # every task on a subject the other committee also covers
    wrong = [m for m in matches if mine[m.task][2] != theirs[m.other][2]]
    assert len(wrong) <= 0.05 * len(matches)


def test_a_flag_says_why_with_the_phrases_both_tasks_use():
    others = [text for text, _, subject in generate_tasks(300, seed=3) if subject != 2]  # 2: Chỉ thị 30
    [match] = find_overlaps(
        ["Tổ chức sơ kết 5 năm thực hiện Chỉ thị 30 trong quý II"],
        ["Hội nghị sơ kết việc thực hiện Chỉ thị 30 của Bộ Chính trị", *others],
    )
    assert match.other == 0 and match.score >= 0.4
    assert "chỉ thị" in match.shared or "sơ kết" in match.shared


def test_nothing_to_compare_flags_nothing():
    assert find_overlaps([], ["a"]) == [] and find_overlaps(["a"], []) == []
    assert find_overlaps(["!!!"], ["..."]) == []
