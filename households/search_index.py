"""The full-text indexes of households (see migration 0002).

SQLite: `LIKE '%…%'` must read every row; the FTS5 trigram index answers a substring query from its posting
lists and, because the village path is indexed too, stops after one page of in-scope matches.
PostgreSQL: a stored tsvector with a GIN index, matched as a phrase whose last word may be unfinished; its
statistics let the planner walk the primary key for common names and the index for rare ones.
"""

import re

from django.db import connection
from django.db.models import BooleanField, Exists, OuterRef, Q
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


def phrase_query(phrase: str) -> str:
    """A to_tsquery text for the words of a folded phrase, the last one as a prefix: "van du" -> 'van' <-> 'du':*."""
    words = re.findall(r"[0-9a-z]+", phrase)
    return " <-> ".join(f"'{word}'" + (":*" if index == len(words) - 1 else "") for index, word in enumerate(words))


# Up to this many matches, PostgreSQL collects them from the indexes and sorts them; beyond it a phrase is so
# common that walking households in id order finds a page of matches sooner.
CANDIDATE_CAP = 5000


def candidate_ids_postgresql(phrase: str) -> list[int] | None:
    """Ids of households whose code/address or a member's name match the phrase; None when too many do."""
    query = phrase_query(phrase)
    if not query:
        return []
    ids: set[int] = set()
    with connection.cursor() as cursor:
        for sql in (
            "SELECT household_id FROM households_resident"
            " WHERE is_active AND search_vector @@ to_tsquery('simple', %s) LIMIT %s",
            "SELECT id FROM households_household WHERE search_vector @@ to_tsquery('simple', %s) LIMIT %s",
        ):
            cursor.execute(sql, [query, CANDIDATE_CAP + 1])
            rows = cursor.fetchall()
            if len(rows) > CANDIDATE_CAP:
                return None
            ids.update(row[0] for row in rows)
    return sorted(ids)


def filter_postgresql(households, phrase: str):
    """Households whose code/address or an active member's name match the phrase (PostgreSQL, common phrases)."""
    from households.models import Resident

    query = phrase_query(phrase)
    if not query:
        return households.none()

    def match(table):
        return RawSQL(f"{table}.search_vector @@ to_tsquery('simple', %s)", [query], output_field=BooleanField())

    members = Resident.objects.filter(household=OuterRef("pk"), is_active=True).alias(m=match("households_resident"))
    return households.alias(own=match("households_household"), by_member=Exists(members.filter(m=True))).filter(
        Q(own=True) | Q(by_member=True)
    )
