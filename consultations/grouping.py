"""Grouping similar opinions, so that officers answer a group once (dân tham gia ý kiến: residents' opinions).

Vietnamese is written in syllables separated by spaces, and many residents type without diacritics, so an
opinion is read as its folded syllables and the pairs of adjacent syllables ("mo rong", "rong duong"), weighed
by TF-IDF (a syllable or pair that most opinions share says little). Two opinions are alike when the cosine of
their vectors reaches a threshold. Nothing is downloaded: the vectors and their products come from scikit-learn.

Pure functions of the texts: the database and the officers' own moves (merge, split, move) are the callers'.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from grassroots.text import fold

_SYLLABLE = re.compile(r"[a-z0-9]+")
# Cosine from which two opinions count as saying the same thing. On the generated opinions
# (consultations.generate), opinions making different points reached at most 0.46 (99.9% of pairs below 0.28);
# the same point in the same words, 0.5 and more. The same point in other words often scores less: officers
# merge those groups by hand.
SIMILAR = 0.5
_ROWS_PER_BLOCK = 2000  # opinions compared with the groups at once: bounded memory
_PHRASE_SOURCES = 50  # opinions of a group read to find how its key phrases are written
_WORD = re.compile(r"\w+")


def syllables(text: str) -> list[str]:
    """The folded syllables of a text: "Mở rộng đường" -> ["mo", "rong", "duong"]."""
    return _SYLLABLE.findall(fold(text))


def features(text: str) -> list[str]:
    """Syllables and pairs of adjacent syllables, the units whose weights make an opinion's vector."""
    words = syllables(text)
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


def as_written(phrase: str, texts: Sequence[str]) -> str:
    """A folded phrase ("mo rong") as the opinions most often write it ("mở rộng"), or as it is if none does."""
    wanted = phrase.split()
    seen: dict[str, int] = {}
    for text in texts:
        words = _WORD.findall(text.lower())
        folded = _WORD.findall(fold(text))  # folding keeps words apart: one fold per text, not per word
        if len(folded) != len(words):
            folded = [fold(word) for word in words]
        for i in range(len(words) - len(wanted) + 1):
            if folded[i : i + len(wanted)] == wanted:
                written = " ".join(words[i : i + len(wanted)])
                seen[written] = seen.get(written, 0) + 1
    return max(seen, key=lambda w: (seen[w], w != phrase)) if seen else phrase


@dataclass(frozen=True)
class Grouping:
    labels: list[int]  # per opinion, the index of its group; groups are numbered by their first opinion
    key_phrases: list[list[str]]  # per group, its heaviest pairs of syllables (or syllables), heaviest first

    @property
    def groups(self) -> list[list[int]]:
        return _members(self.labels, len(self.key_phrases))


def _members(labels: list[int], count: int) -> list[list[int]]:
    members: list[list[int]] = [[] for _ in range(count)]
    for index, label in enumerate(labels):
        members[label].append(index)
    return members


def group_opinions(texts: Sequence[str], threshold: float = SIMILAR, phrases: int = 3) -> Grouping:
    """Group opinions that say the same thing. Each opinion is in exactly one group; an opinion like no other
    is a group of its own. The result does not depend on the order of the texts, but for the groups' numbers.

    Opinions that read the same once folded are one; the distinct ones are taken in alphabetical order of their
    folded text, and each joins the group whose first opinion it is most like, or starts a group. Comparing with
    groups' first opinions only keeps 100,000 opinions on one point from costing 100,000 squared products.
    """
    if not texts:
        return Grouping([], [])
    folded = [" ".join(syllables(text)) for text in texts]
    distinct = sorted(set(folded))
    position = {text: i for i, text in enumerate(distinct)}
    vectorizer = TfidfVectorizer(analyzer=features, sublinear_tf=True, norm="l2", dtype=np.float32)
    try:
        vectors = vectorizer.fit_transform(distinct).tocsr()
    except ValueError:  # no opinion has a single syllable
        return Grouping(list(range(len(texts))), [[] for _ in texts])
    group_of = np.full(len(distinct), -1, dtype=np.int64)
    leaders: list[int] = []  # the distinct opinion that started each group
    for start in range(0, len(distinct), _ROWS_PER_BLOCK):
        block = vectors[start : start + _ROWS_PER_BLOCK]
        known = len(leaders)
        to_known = (block @ vectors[leaders].T).toarray() if known else np.zeros((block.shape[0], 0))
        for offset in range(block.shape[0]):
            row = to_known[offset]
            best = int(row.argmax()) if known else -1
            if known and row[best] >= threshold:
                group_of[start + offset] = best
                continue
            # Groups started earlier in this block are not in the product above.
            new = leaders[known:]
            if new:
                to_new = (block[offset] @ vectors[new].T).toarray().ravel()
                best_new = int(to_new.argmax())
                if to_new[best_new] >= threshold:
                    group_of[start + offset] = known + best_new
                    continue
            group_of[start + offset] = len(leaders)
            leaders.append(start + offset)
    # Number groups by their first opinion, so that the same texts in the same order always give the same labels.
    renumber: dict[int, int] = {}
    labels = [renumber.setdefault(int(group_of[position[text]]), len(renumber)) for text in folded]
    names = vectorizer.get_feature_names_out()
    first_written: dict[str, int] = {}
    for index, text in enumerate(folded):
        first_written.setdefault(text, index)
    members_by_group = _members([renumber[int(g)] for g in group_of], len(renumber))
    key_phrases = []
    for members in members_by_group:
        weights = np.asarray(vectors[members].sum(axis=0)).ravel()
        order = np.argsort(-weights, kind="stable")
        pairs = [names[i] for i in order[: phrases * 4] if " " in names[i] and weights[i] > 0]
        singles = [names[i] for i in order[:phrases] if weights[i] > 0]
        chosen = (pairs or singles)[:phrases]
        originals = [texts[first_written[distinct[i]]] for i in members[:_PHRASE_SOURCES]]
        key_phrases.append([as_written(phrase, originals) for phrase in chosen])
    return Grouping(labels, key_phrases)


def key_phrases(texts: Sequence[str], phrases: int = 3) -> list[str]:
    """The key phrases of opinions an officer has put together, whether or not the engine would have."""
    if not texts:
        return []
    # At a threshold of zero every opinion joins the first group: the phrases are the whole set's.
    return group_opinions(texts, threshold=0.0, phrases=phrases).key_phrases[0]
