"""Invoice PDFs (ReportLab), rendered on request from the stored, immutable invoice."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from kserp.finance.models import CreditNote, Invoice


def _money(value: Decimal, currency: str) -> str:
    return f"{currency} {value:,.2f}"


def _abn(value: str) -> str:
    digits = "".join(ch for ch in value if ch.isdigit())
    return f"{digits[:2]} {digits[2:5]} {digits[5:8]} {digits[8:]}" if len(digits) == 11 else value


def invoice_header(invoice: Invoice) -> list[str]:
    """What a complete tax invoice states besides its lines (the words "Tax invoice", the
    supplier and its ABN, the client, its ABN and PO numbers, dates, GST, and where to pay with
    the invoice number as the reference). Entity and client details that are not recorded are
    left out rather than printed empty."""
    entity, client = invoice.entity, invoice.client
    lines = [f"Tax invoice {invoice.number}", entity.name]
    supplier_abn = str(getattr(entity, "abn", "") or "")
    if supplier_abn:
        lines.append(f"ABN {_abn(supplier_abn)}")
    lines.append(f"Bill to: {client.name} ({client.code})")
    client_abn = str(getattr(client, "abn", "") or "")
    if client_abn:
        lines.append(f"Client ABN {_abn(client_abn)}")
    orders = sorted(
        {str(po) for po in (getattr(line.job_order, "po_number", "") for line in invoice.lines.all()) if po}
    )
    if orders:
        lines.append(f"PO number{'s' if len(orders) > 1 else ''}: {', '.join(orders)}")
    lines.append(f"Issued {invoice.issue_date.isoformat()}, due {invoice.due_date.isoformat()}")
    lines.append(f"GST {invoice.tax_rate.normalize():f}%: {_money(invoice.tax_total, invoice.currency)}")
    bsb, account = getattr(entity, "bank_bsb", ""), getattr(entity, "bank_account", "")
    if bsb and account:
        name = getattr(entity, "bank_account_name", "") or entity.name
        lines.append(f"Pay to {name}, BSB {bsb}, account {account}, reference {invoice.number}")
    else:
        lines.append(f"Payment reference: {invoice.number}")
    return lines


def invoice_pdf(invoice: Invoice) -> bytes:
    """A tax invoice: the header facts (`invoice_header`), lines, subtotal, GST, total, amount due."""
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, title=f"Tax invoice {invoice.number}", leftMargin=15 * mm, rightMargin=15 * mm
    )
    currency = invoice.currency
    title, supplier, *facts = invoice_header(invoice)
    story = [
        Paragraph(escape(supplier), styles["Title"]),
        Paragraph(escape(title), styles["Heading2"]),
        Paragraph("<br/>".join(escape(fact) for fact in facts), styles["Normal"]),
        Spacer(1, 6 * mm),
    ]
    body = [
        _line_row(line.description, line.pay_code, line.quantity, line.unit_price, line.amount, styles)
        for line in invoice.lines.all().order_by("position")
    ]
    totals = [
        ("Subtotal", _money(invoice.subtotal, currency)),
        (f"GST {invoice.tax_rate.normalize():f}%", _money(invoice.tax_total, currency)),
        ("Total", _money(invoice.total, currency)),
        ("Amount due", _money(invoice.amount_due, currency)),
    ]
    story.append(_lines_table("Amount", body, totals, bold_from=-2))
    doc.build(story)
    return buffer.getvalue()


def _line_row(
    description: str, code: str, quantity: Decimal, price: Decimal, amount: Decimal, styles: Any
) -> list[Any]:
    return [
        Paragraph(escape(description), styles["BodyText"]),
        code,
        f"{quantity.normalize():f}",
        f"{price:,.2f}",
        f"{amount:,.2f}",
    ]


def _lines_table(heading: str, body: list[list[Any]], totals: list[tuple[str, str]], *, bold_from: int) -> Table:
    """The lines with their totals under them (the last `-bold_from` totals in bold)."""
    rows: list[list[Any]] = [["Description", "Code", "Qty", "Unit price", heading], *body]
    rows += [["", "", "", label, value] for label, value in totals]
    table = Table(rows, colWidths=[85 * mm, 18 * mm, 18 * mm, 27 * mm, 32 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEABOVE", (3, -len(totals)), (-1, -len(totals)), 0.5, colors.black),
                ("FONTNAME", (3, bold_from), (-1, -1), "Helvetica-Bold"),
            ]
        )
    )
    return table


def credit_note_pdf(note: CreditNote) -> bytes:
    """An adjustment note: the credited invoice, the reason, the credited lines, GST and total."""
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, title=f"Credit note {note.number}", leftMargin=15 * mm, rightMargin=15 * mm
    )
    invoice = note.invoice
    entity, client, currency = note.entity, invoice.client, invoice.currency
    story = [
        Paragraph(escape(entity.name), styles["Title"]),
        Paragraph(f"Adjustment note (credit note) {escape(note.number)}", styles["Heading2"]),
        Paragraph(
            f"To: {escape(client.name)} ({escape(client.code)})<br/>Issued: {note.issue_date.isoformat()} &nbsp; "
            f"Credits tax invoice {escape(invoice.number)} of {invoice.issue_date.isoformat()}<br/>"
            f"Reason: {escape(note.reason)}"
            + ("<br/>The timesheets were re-opened for correction and will be billed again." if note.reopened else ""),
            styles["Normal"],
        ),
        Spacer(1, 6 * mm),
    ]
    body = [
        _line_row(
            line.invoice_line.description,
            line.invoice_line.pay_code,
            line.invoice_line.quantity,
            line.invoice_line.unit_price,
            line.amount,
            styles,
        )
        for line in note.lines.select_related("invoice_line").order_by("invoice_line__position")
    ]
    totals = [
        ("Subtotal", _money(note.subtotal, currency)),
        (f"GST {invoice.tax_rate.normalize():f}%", _money(note.tax_total, currency)),
        ("Total credited", _money(note.total, currency)),
    ]
    story.append(_lines_table("Credited", body, totals, bold_from=-1))
    doc.build(story)
    return buffer.getvalue()
