"""The full-text indexes of households (see migration 0002).

SQLite: `LIKE '%…%'` must read every row; the FTS5 trigram index answers a substring query from its posting
lists and, because the village path is indexed too, stops after one page of in-scope matches.
PostgreSQL: a stored tsvector of the words and of each pair of adjacent words, with a GIN index. Pairs are rare
enough for the planner's statistics to tell a common name (walk households in id order) from a rare one (read
the index); each candidate is then checked for the exact phrase.
"""

import re

from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

# The trigram tokenizer cannot look up substrings shorter than three characters.
MIN_LENGTH = 3


def worthwhile(phrase: str, paths: list[str]) -> bool:
    """Whether to ask the index: on SQLite, for a phrase it can look up, over a scope as wide as a province.

    A commune holds a few thousand households, which a scan of their rows answers faster than intersecting
    the index's long posting lists for the commune's path.
    """
    return connection.vendor == "sqlite" and len(phrase) >= MIN_LENGTH and is_wide(paths)


def is_wide(paths: list[str]) -> bool:
    """Whether a scope spans a whole province (path "/08/") or more, rather than communes or villages."""
    return any(path.count("/") <= 2 for path in paths)


def scope_paths(granted: list[str], unit) -> list[str]:
    """The unit paths to search: the user's granted subtrees, narrowed to `unit` when it lies inside one."""
    if unit is None:
        return granted
    paths = []
    for root in granted:
        if unit.path.startswith(root):
            paths.append(unit.path)
        elif root.startswith(unit.path):
            paths.append(root)
    return sorted(set(paths))


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def matching_ids(phrase: str, paths: list[str], *, offset: int, limit: int) -> list[int]:
    if not paths:
        return []
    scope = " OR ".join(f"unit_path : {_quoted(path)}" for path in paths)
    match = f"search_text : {_quoted(phrase)} AND ({scope})"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid FROM households_search WHERE households_search MATCH %s ORDER BY rowid LIMIT %s OFFSET %s",
            [match, limit, offset],
        )
        return [row[0] for row in cursor.fetchall()]


def looks_like_code(query: str) -> bool:
    """A household code ("00691-000750", "HGD-0001") is looked up by its beginning, not as words."""
    query = query.strip()
    return bool(query) and " " not in query and any(c.isdigit() for c in query)


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def pair_query(phrase: str) -> str:
    """A to_tsquery text for a folded phrase: its pairs of adjacent words, the last one as a prefix.

    "nguyen van du" -> 'nguyenvan' & 'vandu':*  (one word: 'nguyen':*). Every household holding the phrase
    matches; the few that hold the pairs apart are dropped by the caller's exact check.
    """
    words = re.findall(r"[0-9a-z]+", phrase)
    if len(words) == 1:
        return f"'{words[0]}':*"
    pairs = [first + second for first, second in zip(words, words[1:], strict=False)]
    return " & ".join(f"'{pair}'" + (":*" if n == len(pairs) - 1 else "") for n, pair in enumerate(pairs))


BATCH = 60


def page_ids_postgresql(households, phrase: str, *, offset: int, limit: int) -> list[int]:
    """Ids of one page of `households` (already scoped) holding the phrase, in id order (PostgreSQL).

    The index condition holds only the word pairs, whose statistics let the planner choose well: walk
    households in id order for a common name, read the index for a rare one. Candidates come in batches
    and each is checked for the exact phrase, so the page is the same as a substring search would give.
    """
    query = pair_query(phrase)
    if not query:
        return []
    match = RawSQL(
        "households_household.search_vector @@ to_tsquery('simple', %s)", [query], output_field=BooleanField()
    )
    candidates = households.alias(search_match=match).filter(search_match=True).order_by("id")
    candidates = candidates.values_list("id", "search_text")
    wanted, found, last_id = offset + limit, [], 0
    while len(found) < wanted:
        rows = list(candidates.filter(pk__gt=last_id)[:BATCH])
        found += [pk for pk, text in rows if phrase in text]
        if len(rows) < BATCH:
            break
        last_id = rows[-1][0]
    return found[offset:wanted]
