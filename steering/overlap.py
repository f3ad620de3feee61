"""Overlap (trùng chéo) between a work programme's tasks and other steering committees' tasks.

Pure functions of the texts, with the same reading as opinion grouping (consultations.grouping): folded
syllables and pairs of adjacent syllables weighed by TF-IDF over all the tasks compared, so that words every
programme uses ("tổ chức", "triển khai") weigh little and a shared subject ("chuyển đổi số", "Chỉ thị 30")
weighs much. A pair of tasks is flagged when their cosine reaches a threshold; the phrases that contribute most to
it are shown, so that an official sees at once why.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from consultations.grouping import as_written, features

# Cosine from which two tasks are flagged. On generated programmes (steering.generate: 200 tasks on 12 subjects
# against 2,000 on 16, four subjects shared), 0.4 flagged every task on a shared subject, and 2 of the 191 flags
# joined different subjects that share a verb and a period (0.35: 10 false tasks; 0.45: none, but closer to
# missing rewordings). Officials decide each flag, so a few false ones cost less than a missed overlap.
LIKELY = 0.4
MOST_PER_TASK = 3  # flags per task: an official reads the closest, not every distant echo


@dataclass(frozen=True)
class Match:
    task: int  # index into `tasks`
    other: int  # index into `others`
    score: float
    shared: list[str]


def find_overlaps(
    tasks: Sequence[str], others: Sequence[str], threshold: float = LIKELY, phrases: int = 3
) -> list[Match]:
    """Each task's likely overlaps among `others`, closest first, at most MOST_PER_TASK per task."""
    if not tasks or not others:
        return []
    vectorizer = TfidfVectorizer(analyzer=features, sublinear_tf=True, norm="l2", dtype=np.float32)
    try:
        vectors = vectorizer.fit_transform([*tasks, *others]).tocsr()
    except ValueError:  # no task has a single syllable
        return []
    mine, theirs = vectors[: len(tasks)], vectors[len(tasks) :]
    scores = (mine @ theirs.T).toarray()
    names = vectorizer.get_feature_names_out()
    matches = []
    for i in range(len(tasks)):
        row = scores[i]
        candidates = np.flatnonzero(row >= threshold)
        for j in candidates[np.argsort(-row[candidates], kind="stable")][:MOST_PER_TASK]:
            contribution = mine[i].multiply(theirs[j]).toarray().ravel()
            order = np.argsort(-contribution, kind="stable")
            top = [names[k] for k in order[: phrases * 4] if contribution[k] > 0]
            chosen = ([p for p in top if " " in p] or top)[:phrases]
            matches.append(
                Match(i, int(j), round(float(row[j]), 3), [as_written(p, [tasks[i], others[j]]) for p in chosen])
            )
    return matches
