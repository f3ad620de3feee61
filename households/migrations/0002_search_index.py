"""Full-text indexes for diacritic-insensitive household search, one per database engine.

SQLite: an FTS5 table with the trigram tokenizer, kept in step with households by triggers; it also holds
the village path so the scope is part of the index query. PostgreSQL: a stored tsvector of search_text's words and of
its pairs of adjacent words, with a GIN index (see households/search_index.py for how it is queried).
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
    # Each pair of adjacent words as one more word ("nguyen van duc" adds "nguyenvan vanduc"): pairs are rare,
    # so their statistics and posting lists stay small where single words ("nguyen", "thi") are huge.
    """CREATE FUNCTION grassroots_word_pairs(text) RETURNS text IMMUTABLE PARALLEL SAFE LANGUAGE sql AS $$
        SELECT coalesce(string_agg(a.word || b.word, ' ' ORDER BY a.n), '')
        FROM unnest(string_to_array($1, ' ')) WITH ORDINALITY a(word, n)
        JOIN unnest(string_to_array($1, ' ')) WITH ORDINALITY b(word, n) ON b.n = a.n + 1
    $$""",
    """ALTER TABLE households_household ADD COLUMN search_vector tsvector GENERATED ALWAYS AS
        (to_tsvector('simple', search_text || ' ' || grassroots_word_pairs(search_text))) STORED""",
    "ALTER TABLE households_household ALTER COLUMN search_vector SET STATISTICS 1000",
    "CREATE INDEX households_search_vector ON households_household USING gin (search_vector)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS households_search_vector",
    "ALTER TABLE households_household DROP COLUMN IF EXISTS search_vector",
    "DROP FUNCTION IF EXISTS grassroots_word_pairs(text)",
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
