"""Pay lines and bill lines cannot be changed in PostgreSQL (kserp/finance/immutability.py)."""

from django.db import migrations

from kserp.finance import immutability


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0002_billingrun_timesheet_payline_billline_timesheetentry_and_more"),
        ("finance", "0005_immutable_documents"),  # creates the trigger function
    ]

    operations = [
        migrations.RunPython(immutability.install(immutability.ORDERS), immutability.uninstall(immutability.ORDERS))
    ]
