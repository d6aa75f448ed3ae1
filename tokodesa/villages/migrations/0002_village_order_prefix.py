import django.core.validators
from django.db import migrations, models


def fill_prefixes(apps, schema_editor):
    from tokodesa.villages.models import order_prefix_for

    Village = apps.get_model("villages", "Village")
    for village in Village.objects.all():
        village.order_prefix = order_prefix_for(village.name)
        village.save(update_fields=["order_prefix"])


class Migration(migrations.Migration):
    dependencies = [("villages", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="village",
            name="order_prefix",
            field=models.CharField(
                default="TKD",
                help_text="Starts every order code, e.g. BTA-7K3Q9.",
                max_length=4,
                validators=[
                    django.core.validators.RegexValidator(
                        "^[A-Z]{2,4}$", "Use 2 to 4 capital letters, e.g. BTA."
                    )
                ],
                verbose_name="order code prefix",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill_prefixes, migrations.RunPython.noop),
    ]
