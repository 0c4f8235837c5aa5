"""Bill line provenance moves to a table of its own (`BillLineProvenance`), so bill lines stay
narrow for billing runs (docs/billing.md, "Performance"). Existing documents are copied over."""

import django.db.models.deletion
from django.db import migrations, models

from kserp.base import immutability


def copy_out(apps, schema_editor):  # type: ignore[no-untyped-def]
    schema_editor.execute(
        "INSERT INTO orders_billlineprovenance (bill_line_id, document) SELECT id, provenance FROM orders_billline"
    )


def copy_back(apps, schema_editor):  # type: ignore[no-untyped-def]
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:  # bill lines refuse updates (orders/0003); this one restores what was there
        schema_editor.execute("ALTER TABLE orders_billline DISABLE TRIGGER orders_billline_immutable")
    schema_editor.execute(
        "UPDATE orders_billline SET provenance = "
        "(SELECT document FROM orders_billlineprovenance p WHERE p.bill_line_id = orders_billline.id)"
    )
    if postgres:
        schema_editor.execute("ALTER TABLE orders_billline ENABLE TRIGGER orders_billline_immutable")


class Migration(migrations.Migration):
    dependencies = [("orders", "0003_immutable_priced_lines")]

    operations = [
        migrations.CreateModel(
            name="BillLineProvenance",
            fields=[
                (
                    "bill_line",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="provenance_record",
                        serialize=False,
                        to="orders.billline",
                    ),
                ),
                ("document", models.JSONField()),
            ],
        ),
        migrations.RunPython(copy_out, copy_back),
        migrations.RemoveField(model_name="billline", name="provenance"),
        migrations.RunPython(
            immutability.install(immutability.BILL_LINE_PROVENANCE),
            immutability.uninstall(immutability.BILL_LINE_PROVENANCE),
        ),
    ]
