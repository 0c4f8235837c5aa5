"""The billing run moves from orders to billing: state only, the table keeps its name (orders_billingrun)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('base', '0001_entity_from_finance'),
        ('orders', '0005_entity_in_base'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='BillingRun',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('period_end', models.DateField()),
                        ('issue_date', models.DateField()),
                        ('client_codes', models.JSONField(blank=True, default=list, help_text='Empty: every client.')),
                        ('status', models.CharField(choices=[('QUEUED', 'Queued'), ('RUNNING', 'Running'), ('COMPLETED', 'Completed'), ('FAILED', 'Failed')], db_index=True, default='QUEUED', max_length=16)),
                        ('progress', models.FloatField(default=0.0)),
                        ('planned_lines', models.PositiveIntegerField(default=0)),
                        ('line_count', models.PositiveIntegerField(default=0)),
                        ('invoice_count', models.PositiveIntegerField(default=0)),
                        ('total', models.DecimalField(decimal_places=2, default=0, max_digits=18)),
                        ('attempts', models.PositiveIntegerField(default=0)),
                        ('failure_reason', models.TextField(blank=True, default='')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('started_at', models.DateTimeField(blank=True, null=True)),
                        ('finished_at', models.DateTimeField(blank=True, null=True)),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('entity', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='billing_runs', to='base.entity')),
                    ],
                    options={
                        'db_table': 'orders_billingrun',
                        'ordering': ['-id'],
                    },
                ),
            ],
        ),
    ]
