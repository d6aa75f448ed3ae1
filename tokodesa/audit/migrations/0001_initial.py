# The audit log moved from backoffice to its own low app (so every app can write it without
# importing the back-office pages). The table keeps its name: only Django's state moves.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

ACTIONS = [
    ("payment_confirmed", "payment confirmed"),
    ("payment_rejected", "payment rejected"),
    ("order_cancelled", "order cancelled"),
    ("price_changed", "price changed"),
    ("payout_recorded", "payout recorded"),
    ("role_changed", "role changed"),
    ("seller_approved", "seller approved"),
    ("seller_rejected", "seller rejected"),
    ("payment_reversed", "payment taken back by the payment service"),
    ("payment_route", "where buyers pay changed"),
    ("village_status", "shop status changed"),
]


def move_content_type(apps, schema_editor):
    """Keep permissions given on the audit log: its content type changes app, not identity."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="audit", model="auditentry").exists():
        ContentType.objects.filter(app_label="backoffice", model="auditentry").update(
            app_label="audit"
        )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("backoffice", "0002_audit_actions_money_route"),
        ("villages", "0004_village_review_products"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditEntry",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("actor_label", models.CharField(max_length=100, verbose_name="by")),
                        ("action", models.CharField(choices=ACTIONS, max_length=30, verbose_name="action")),
                        ("subject", models.CharField(max_length=200, verbose_name="about")),
                        ("before", models.JSONField(blank=True, null=True)),
                        ("after", models.JSONField(blank=True, null=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="at")),
                        ("actor", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("village", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="villages.village")),
                    ],
                    options={
                        "verbose_name": "audit entry",
                        "verbose_name_plural": "audit log",
                        "ordering": ["-created_at", "-id"],
                        "db_table": "backoffice_auditentry",
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_type, migrations.RunPython.noop),
    ]
