"""The national category tree every village shop files its products under."""

from django.db import migrations

from tokodesa.catalog.national_tree import ensure_national_tree


def forwards(apps, schema_editor):
    ensure_national_tree(apps.get_model("catalog", "Category"))



class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_search_indexes")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
