"""BillingRun moved to kserp.billing (state only: the table and its foreign keys stay as they are)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('finance', '0007_billing_run_in_billing'),
        ('orders', '0005_entity_in_base'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(
                    name='BillingRun',
                ),
            ],
        ),
    ]
