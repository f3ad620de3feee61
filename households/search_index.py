"""The full-text indexes of households (see migration 0002).

SQLite: `LIKE '%…%'` must read every row; the FTS5 trigram index answers a substring query from its posting
lists and, because the village path is indexed too, stops after one page of in-scope matches.
PostgreSQL: a stored tsvector with a GIN index, matched as a phrase whose last word may be unfinished; its
statistics let the planner walk the primary key for common names and the index for rare ones.
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


def phrase_query(phrase: str) -> str:
    """A to_tsquery text for the words of a folded phrase, the last one as a prefix: "van du" -> 'van' <-> 'du':*."""
    words = re.findall(r"[0-9a-z]+", phrase)
    return " <-> ".join(f"'{word}'" + (":*" if index == len(words) - 1 else "") for index, word in enumerate(words))


def page_ids_postgresql(households, phrase: str, *, offset: int, limit: int) -> list[int]:
    """Ids of one page of `households` (already scoped) matching the phrase, in id order (PostgreSQL).

    Two queries, each left to the planner with good statistics: households with a member whose name holds the
    phrase, and households whose code or address does. Each returns its first offset+limit ids; their union,
    sorted, holds the page. Together they avoid OR-ing an EXISTS, which no index can serve.
    """
    from households.models import Resident

    query = phrase_query(phrase)
    if not query:
        return []

    def match(table):
        return RawSQL(f"{table}.search_vector @@ to_tsquery('simple', %s)", [query], output_field=BooleanField())

    wanted = offset + limit
    by_member = (
        Resident.objects.filter(is_active=True, household__in=households.order_by().values("id"))
        .alias(m=match("households_resident"))
        .filter(m=True)
        .order_by("household_id")
        .values_list("household_id", flat=True)
        .distinct()[:wanted]
    )
    by_household = (
        households.alias(own=match("households_household")).filter(own=True).order_by("id").values_list("id", flat=True)
    )[:wanted]
    return sorted(set(by_member) | set(by_household))[offset:wanted]
