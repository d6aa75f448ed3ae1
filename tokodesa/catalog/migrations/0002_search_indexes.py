"""PostgreSQL-only search indexes (SQLite searches with LIKE; see catalog/search.py).

(0005 replaces the expression index with a stored column.)
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

CREATE = [
    """CREATE INDEX IF NOT EXISTS product_search_gin ON catalog_product USING gin ((
        setweight(to_tsvector('simple'::regconfig, COALESCE(search_name, '')), 'A')
        || setweight(to_tsvector('simple'::regconfig, COALESCE(search_text, '')), 'B')))""",
    "CREATE INDEX IF NOT EXISTS product_name_trgm ON catalog_product "
    "USING gin (search_name gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS product_search_gin", "DROP INDEX IF EXISTS product_name_trgm"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(_run(CREATE), _run(DROP), elidable=False),
    ]
