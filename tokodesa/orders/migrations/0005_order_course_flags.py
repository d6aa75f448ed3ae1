# What the delivery and payment mean for an order's course, frozen on the order: the order
# state machine no longer reads payment or delivery codes ("cod", "pickup", "courier:…").

from django.db import migrations, models
from django.db.models import F, Func, Value


def fill(apps, schema_editor):
    Order = apps.get_model("orders", "Order")
    Order._base_manager.filter(payment_method="cod").update(pays_on_delivery=True)
    Order._base_manager.filter(delivery_method="pickup").update(collected_at_shop=True)
    Order._base_manager.filter(delivery_method__startswith="courier:", tracking_courier="").update(
        tracking_courier=Func(
            F("delivery_method"), Value("courier:"), Value(""), function="REPLACE"
        )
    )


class Migration(migrations.Migration):
    dependencies = [("orders", "0004_order_fee_frozen")]

    operations = [
        migrations.AddField(
            model_name="order",
            name="pays_on_delivery",
            field=models.BooleanField(default=False, verbose_name="paid in cash on delivery or at pickup"),
        ),
        migrations.AddField(
            model_name="order",
            name="collected_at_shop",
            field=models.BooleanField(default=False, verbose_name="collected at the village shop"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
