"""BillingRun moved to kserp.billing (state only: the table and its foreign keys stay as they are)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('billing', '0001_billing_run_from_orders'),
        ('finance', '0006_entity_in_base'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='invoice',
                    name='billing_run',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='invoices', to='billing.billingrun'),
                ),
            ],
        ),
    ]
