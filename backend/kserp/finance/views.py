"""HTTP views of the finance domain: invoice and credit note PDFs."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse

from kserp.finance.models import CreditNote, Invoice
from kserp.finance.pdf import credit_note_pdf, invoice_pdf


def can_view_invoice(user: Any, invoice: Invoice) -> bool:
    """Signed-in staff may see every invoice; a client's portal user only that client's (the hook
    for the client portal)."""
    if not getattr(user, "is_authenticated", False):
        return False
    client_id = getattr(user, "client_id", None)
    if client_id is not None:
        return bool(client_id == invoice.client_id)
    return bool(user.is_staff)


def invoice_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = Invoice.objects.select_related("entity", "client").filter(pk=pk).first()
    if not request.user.is_authenticated:
        return JsonResponse({"error": "Sign in first."}, status=401)
    if invoice is None or not can_view_invoice(request.user, invoice):
        raise Http404("No such invoice.")
    response = HttpResponse(invoice_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{invoice.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def credit_note_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    note = CreditNote.objects.select_related("entity", "invoice__client").filter(pk=pk).first()
    if not request.user.is_authenticated:
        return JsonResponse({"error": "Sign in first."}, status=401)
    if note is None or not can_view_invoice(request.user, note.invoice):
        raise Http404("No such credit note.")
    response = HttpResponse(credit_note_pdf(note), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{note.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
