"""Full-text index for the public portal's diacritic-insensitive search, one per database engine.

Both index the folded text (title, body, attached files) and the facet words (unit codes, topic, year,
month: see disclosures.services.facets) of current versions only, so a search with any filter is one index
lookup. SQLite: an FTS5 table (unicode61 words) kept in step by triggers. PostgreSQL: a stored tsvector with a
partial GIN index.
"""

from django.db import migrations

SQLITE_UP = [
    "CREATE VIRTUAL TABLE disclosures_search USING fts5(search_text, facets, tokenize = 'unicode61')",
    """CREATE TRIGGER disclosures_search_insert AFTER INSERT ON disclosures_disclosure
        WHEN new.status = 'published' BEGIN
        INSERT INTO disclosures_search(rowid, search_text, facets) VALUES (new.id, new.search_text, new.facets);
    END""",
    """CREATE TRIGGER disclosures_search_update AFTER UPDATE OF search_text, facets, status
        ON disclosures_disclosure BEGIN
        DELETE FROM disclosures_search WHERE rowid = old.id;
        INSERT INTO disclosures_search(rowid, search_text, facets)
        SELECT new.id, new.search_text, new.facets WHERE new.status = 'published';
    END""",
    """CREATE TRIGGER disclosures_search_delete AFTER DELETE ON disclosures_disclosure BEGIN
        DELETE FROM disclosures_search WHERE rowid = old.id;
    END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS disclosures_search_insert",
    "DROP TRIGGER IF EXISTS disclosures_search_update",
    "DROP TRIGGER IF EXISTS disclosures_search_delete",
    "DROP TABLE IF EXISTS disclosures_search",
]
POSTGRES_UP = [
    """ALTER TABLE disclosures_disclosure ADD COLUMN search_vector tsvector GENERATED ALWAYS AS
        (to_tsvector('simple', search_text || ' ' || facets)) STORED""",
    """CREATE INDEX disclosures_search_vector ON disclosures_disclosure USING gin (search_vector)
        WHERE status = 'published'""",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS disclosures_search_vector",
    "ALTER TABLE disclosures_disclosure DROP COLUMN IF EXISTS search_vector",
]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


def seed(apps, schema_editor):
    from disclosures.services import seed_catalogue

    seed_catalogue(apps.get_model("disclosures", "CatalogueItem"))


class Migration(migrations.Migration):
    dependencies = [("disclosures", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
