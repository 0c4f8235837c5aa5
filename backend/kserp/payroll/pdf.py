"""Payslip and RCTI PDFs (ReportLab), rendered on request from the stored payment.

A payslip carries what the Fair Work Regulations 2009 (reg 3.46) ask of one: the employer's name
and ABN, the employee's name, the pay period and pay date, gross and net pay, each deduction
(PAYG withheld), the hours and rate of each pay code (loadings and penalty codes among them),
allowances, and the super contribution with the fund it goes to. An RCTI carries the words
"Recipient created tax invoice", both parties' ABNs, the lines, GST and the total.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from kserp.base.identifiers import format_abn
from kserp.payroll.calc.figures import financial_year_start
from kserp.payroll.models import PaymentKind, PayRunPayment

FREQUENCY_DAYS = {"WEEKLY": 7, "FORTNIGHTLY": 14}


def _money(value: Decimal) -> str:
    return f"${value:,.2f}"


def period_start(payment: PayRunPayment) -> dt.date:
    run = payment.pay_run
    return run.period_end - dt.timedelta(days=FREQUENCY_DAYS.get(run.frequency, 7) - 1)


def payment_pdf(payment: PayRunPayment) -> bytes:
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    run, entity = payment.pay_run, payment.entity
    rcti = payment.kind == PaymentKind.RCTI
    title = "Recipient created tax invoice" if rcti else "Payslip"
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, title=f"{title} {payment.number}", leftMargin=15 * mm, rightMargin=15 * mm
    )
    employer_abn = f"ABN {format_abn(entity.abn)}" if entity.abn else "ABN not recorded"
    story = [
        Paragraph(entity.name, styles["Title"]),
        Paragraph(f"{employer_abn}", styles["Normal"]),
        Paragraph(f"{title.upper() if rcti else title} {payment.number}", styles["Heading2"]),
    ]
    payee_line = f"{'Supplier' if rcti else 'Employee'}: {payment.payee_name} ({payment.payee.code})"
    if rcti:
        quoted = f"Supplier ABN: {format_abn(payment.payee_abn)}" if payment.payee_abn else "No ABN quoted"
        payee_line += f"<br/>{quoted}"
        payee_line += "<br/>GST: the supplier is registered" if payment.gst else "<br/>GST: not registered"
    story.append(
        Paragraph(
            f"{payee_line}<br/>Pay period: {period_start(payment).isoformat()} to {run.period_end.isoformat()}"
            f" &nbsp; Pay date: {payment.pay_date.isoformat()}",
            styles["Normal"],
        )
    )
    story.append(Spacer(1, 5 * mm))
    rows: list[list[str]] = [["Pay code", "Hours / units", "Rate", "Amount"]]
    for line in payment.lines.order_by("id"):
        rows.append([line.pay_code, f"{line.quantity.normalize():f}", f"{line.rate:,.4f}", _money(line.amount)])
    if rcti:
        rows += [
            ["", "", "Total (excl. GST)", _money(payment.gross)],
            ["", "", "GST", _money(payment.gst)],
            ["", "", "Total", _money(payment.gross + payment.gst)],
            ["", "", "No-ABN withholding", _money(payment.withholding)],
            ["", "", "Paid", _money(payment.net)],
        ]
    else:
        rows += [
            ["", "", "Gross pay", _money(payment.gross)],
            ["", "", f"PAYG withheld (scale {payment.scale})", _money(payment.withholding)],
            ["", "", "Net pay", _money(payment.net)],
        ]
    table = Table(rows, colWidths=[50 * mm, 35 * mm, 55 * mm, 40 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("FONTNAME", (2, -1), (-1, -1), "Helvetica-Bold"),
            ]
        )
    )
    story.append(table)
    story.append(Spacer(1, 5 * mm))
    if not rcti:
        fund = payment.super_fund_name or "the default fund (none chosen)"
        if payment.super_fund_usi:
            fund += f" (USI {payment.super_fund_usi}, member {payment.super_member_number})"
        year = financial_year_start(run.pay_date).isoformat()
        story.append(
            Paragraph(
                f"Superannuation: {_money(payment.superannuation)} to {fund}<br/>Year to date (from {year}):"
                f" gross {_money(payment.ytd_gross)}, PAYG {_money(payment.ytd_withholding)},"
                f" super {_money(payment.ytd_superannuation)}, net {_money(payment.ytd_net)}",
                styles["Normal"],
            )
        )
    else:
        note = "Recipient created tax invoice: issued by the recipient of the supply."
        story.append(Paragraph(note, styles["Italic"]))
    doc.build(story)
    return buffer.getvalue()
