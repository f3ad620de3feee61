"""The SQLite full-text index of households (see migration 0002), queried in id order with the scope inside.

On SQLite, `LIKE '%…%'` must read every row; the FTS5 trigram index answers a substring query from its
posting lists and, because the village path is indexed too, stops after one page of in-scope matches.
PostgreSQL needs none of this: its pg_trgm GIN index serves the ORM's `contains` directly.
"""

from django.db import connection

# The trigram tokenizer cannot look up substrings shorter than three characters.
MIN_LENGTH = 3


def worthwhile(phrase: str, paths: list[str]) -> bool:
    """Whether to ask the index: on SQLite, for a phrase it can look up, over a scope as wide as a province.

    A commune holds a few thousand households, which a scan of their rows answers faster than intersecting
    the index's long posting lists for the commune's path.
    """
    return (
        connection.vendor == "sqlite"
        and len(phrase) >= MIN_LENGTH
        and any(path.count("/") <= PROVINCE_DEPTH for path in paths)
    )


PROVINCE_DEPTH = 2  # "/08/"


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
