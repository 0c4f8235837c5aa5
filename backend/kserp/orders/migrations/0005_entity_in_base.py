"""Entity moved to kserp.base (state only: the table and its foreign keys stay as they are)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('base', '0001_entity_from_finance'),
        ('orders', '0004_bill_line_provenance_apart'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='billingrun',
                    name='entity',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='billing_runs', to='base.entity'),
                ),
                migrations.AlterField(
                    model_name='billline',
                    name='entity',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='bill_lines', to='base.entity'),
                ),
                migrations.AlterField(
                    model_name='joborder',
                    name='entity',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='job_orders', to='base.entity'),
                ),
            ],
        ),
    ]
