"""Entity moved to kserp.base (state only: the table and its foreign keys stay as they are)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('base', '0001_entity_from_finance'),
        ('identity', '0003_access_tokens_audit'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='apitoken',
                    name='entity',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='api_tokens', to='base.entity'),
                ),
            ],
        ),
    ]
