"""HTTP views of the payroll domain: payslip and RCTI PDFs (finance staff, and the worker it pays)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse

from kserp.identity.roles import Perm
from kserp.payroll.models import PayRunPayment
from kserp.payroll.pdf import payment_pdf


def payment_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return JsonResponse({"error": "Sign in first."}, status=401)
    user = request.user
    finance = user.is_staff and getattr(user, "client_id", None) is None and user.has_perm(Perm.VIEW_PAY_DETAILS)
    payment = PayRunPayment.objects.select_related("pay_run", "entity", "payee").filter(pk=pk).first()
    own = payment is not None and payment.payee_id == getattr(user, "payee_id", None)  # a worker's own
    if payment is None or not (finance or own):
        raise Http404("No such payslip or RCTI.")
    response = HttpResponse(payment_pdf(payment), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{payment.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
