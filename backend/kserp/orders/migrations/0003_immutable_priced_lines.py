"""Pay lines and bill lines cannot be changed in PostgreSQL (kserp/base/immutability.py)."""

from django.db import migrations

from kserp.base import immutability


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0002_billingrun_timesheet_payline_billline_timesheetentry_and_more"),
        ("finance", "0005_immutable_documents"),  # creates the trigger function
    ]

    operations = [
        migrations.RunPython(immutability.install(immutability.ORDERS), immutability.uninstall(immutability.ORDERS))
    ]
