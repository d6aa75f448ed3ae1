# AuditEntry now lives in the audit app (same table): forget it here, touch no data.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("backoffice", "0002_audit_actions_money_route"),
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="AuditEntry")],
        ),
    ]
