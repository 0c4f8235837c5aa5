"""The legal entity moves from finance to base: state only, the table keeps its name (finance_entity)."""

from decimal import Decimal
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('finance', '0005_immutable_documents'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Entity',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=32, unique=True)),
                        ('name', models.CharField(max_length=200)),
                        ('country', models.CharField(db_index=True, help_text='ISO 3166-1 alpha-2, e.g. AU.', max_length=2)),
                        ('brand', models.CharField(db_index=True, max_length=64)),
                        ('currency', models.CharField(help_text='ISO 4217, e.g. AUD.', max_length=3)),
                        ('tax_rate', models.DecimalField(decimal_places=4, help_text='Percent, applied per invoice.', max_digits=14)),
                        ('invoice_prefix', models.CharField(max_length=16)),
                        ('group_currency_rate', models.DecimalField(decimal_places=4, default=Decimal('1'), max_digits=14)),
                    ],
                    options={
                        'verbose_name_plural': 'entities',
                        'db_table': 'finance_entity',
                        'ordering': ['code'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('tax_rate__gte', 0)), name='finance_entity_tax_rate_non_negative'), models.CheckConstraint(condition=models.Q(('group_currency_rate__gt', 0)), name='finance_entity_fx_rate_positive')],
                    },
                ),
            ],
        ),
    ]
