"""Full-text indexes for diacritic-insensitive household search, one per database engine.

SQLite: an FTS5 table with the trigram tokenizer, kept in step with households by triggers; it also holds
the village path so the scope is part of the index query. PostgreSQL: a stored tsvector of search_text with
a GIN index for the household's code and address and one for each resident's name, queried as a phrase whose
last word may be a prefix ("nguyen van du" finds "Nguyễn Văn Dũng").
"""

from django.db import migrations

SQLITE_UP = [
    """CREATE VIRTUAL TABLE households_search USING fts5(
        search_text, unit_path, tokenize = 'trigram')""",
    """INSERT INTO households_search(rowid, search_text, unit_path)
        SELECT h.id, h.search_text, u.path FROM households_household h
        JOIN localities_administrativeunit u ON u.id = h.village_id WHERE h.is_active""",
    """CREATE TRIGGER households_search_insert AFTER INSERT ON households_household WHEN new.is_active BEGIN
        INSERT INTO households_search(rowid, search_text, unit_path)
        VALUES (new.id, new.search_text,
                (SELECT path FROM localities_administrativeunit WHERE id = new.village_id));
    END""",
    """CREATE TRIGGER households_search_update AFTER UPDATE OF search_text, village_id, is_active
        ON households_household BEGIN
        DELETE FROM households_search WHERE rowid = old.id;
        INSERT INTO households_search(rowid, search_text, unit_path)
        SELECT new.id, new.search_text, path FROM localities_administrativeunit
        WHERE id = new.village_id AND new.is_active;
    END""",
    """CREATE TRIGGER households_search_delete AFTER DELETE ON households_household BEGIN
        DELETE FROM households_search WHERE rowid = old.id;
    END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS households_search_insert",
    "DROP TRIGGER IF EXISTS households_search_update",
    "DROP TRIGGER IF EXISTS households_search_delete",
    "DROP TABLE IF EXISTS households_search",
]
POSTGRES_UP = [
    # The household's code and address (before the separator) and, apart, each resident's name: a phrase
    # like "ha minh ngoc" must match one person's name, not words scattered over a family.
    """ALTER TABLE households_household ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (to_tsvector('simple', split_part(search_text, ' | ', 1))) STORED""",
    "CREATE INDEX households_search_vector ON households_household USING gin (search_vector)",
    """ALTER TABLE households_resident ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (to_tsvector('simple', search_name)) STORED""",
    "CREATE INDEX households_resident_search_vector ON households_resident USING gin (search_vector)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS households_search_vector",
    "ALTER TABLE households_household DROP COLUMN IF EXISTS search_vector",
    "DROP INDEX IF EXISTS households_resident_search_vector",
    "ALTER TABLE households_resident DROP COLUMN IF EXISTS search_vector",
]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("households", "0001_initial"), ("localities", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
