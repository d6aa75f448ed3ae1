import django.core.validators
from django.db import migrations, models


def fee_of_today(apps, schema_editor):
    """Orders placed before the fee was frozen take the fee their village charges now: the one
    their completion would have used."""
    Order = apps.get_model("orders", "Order")
    Village = apps.get_model("villages", "Village")
    Order._base_manager.update(
        fee_basis_points=models.Subquery(
            Village._base_manager.filter(pk=models.OuterRef("village_id")).values(
                "fee_basis_points"
            )[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0003_order_shipped_at_order_tracking_courier_and_more"),
        ("villages", "0004_village_review_products"),
    ]

    operations = [
        migrations.AddField(
            model_name="order",
            name="fee_basis_points",
            field=models.PositiveIntegerField(
                default=0,
                validators=[django.core.validators.MaxValueValidator(10000)],
                verbose_name="village fee (hundredths of a percent)",
            ),
        ),
        migrations.RunPython(fee_of_today, migrations.RunPython.noop),
    ]
