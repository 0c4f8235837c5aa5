"""Issued documents cannot be changed or deleted in PostgreSQL (kserp/base/immutability.py)."""

from django.db import migrations

from kserp.base import immutability


class Migration(migrations.Migration):
    dependencies = [("finance", "0004_invoiceline_copies_without_constraints")]

    operations = [
        migrations.RunPython(immutability.install(immutability.FINANCE), immutability.uninstall(immutability.FINANCE))
    ]
