"""Issued documents cannot be changed or deleted in PostgreSQL (kserp/finance/immutability.py)."""

from django.db import migrations

from kserp.finance import immutability


class Migration(migrations.Migration):
    dependencies = [("finance", "0004_invoiceline_copies_without_constraints")]

    operations = [
        migrations.RunPython(immutability.install(immutability.FINANCE), immutability.uninstall(immutability.FINANCE))
    ]
