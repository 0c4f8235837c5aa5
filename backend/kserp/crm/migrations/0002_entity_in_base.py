"""Entity moved to kserp.base (state only: the table and its foreign keys stay as they are)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('base', '0001_entity_from_finance'),
        ('crm', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='client',
                    name='entity',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='clients', to='base.entity'),
                ),
            ],
        ),
    ]
