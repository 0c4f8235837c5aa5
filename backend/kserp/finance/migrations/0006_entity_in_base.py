"""Entity moved to kserp.base (state only: the table and its foreign keys stay as they are)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('base', '0001_entity_from_finance'),
        ('crm', '0002_entity_in_base'),
        ('finance', '0005_immutable_documents'),
        ('identity', '0004_entity_in_base'),
        ('orders', '0005_entity_in_base'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='receipt',
                    name='entity',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='receipts', to='base.entity'),
                ),
                migrations.AlterField(
                    model_name='account',
                    name='entity',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='accounts', to='base.entity'),
                ),
                migrations.AlterField(
                    model_name='creditnote',
                    name='entity',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='credit_notes', to='base.entity'),
                ),
                migrations.AlterField(
                    model_name='journal',
                    name='entity',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='journals', to='base.entity'),
                ),
                migrations.AlterField(
                    model_name='invoice',
                    name='entity',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='invoices', to='base.entity'),
                ),
                migrations.AlterField(
                    model_name='documentcounter',
                    name='entity',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='document_counters', to='base.entity'),
                ),
                migrations.DeleteModel(
                    name='Entity',
                ),
            ],
        ),
    ]
