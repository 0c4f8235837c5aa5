"""HTTP views of the crm domain: contract document downloads."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponseBase, JsonResponse

from kserp.crm.models import ContractDocument


def contract_document_view(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Staff, and a portal user for their own client's contracts; 404 for anything else."""
    user = request.user
    if not user.is_authenticated:
        return JsonResponse({"error": "Sign in first."}, status=401)
    document = ContractDocument.objects.select_related("contract").filter(pk=pk).first()
    client_id = getattr(user, "client_id", None)
    allowed = document is not None and (
        document.contract.client_id == client_id if client_id is not None else bool(user.is_staff)
    )
    if document is None or not allowed:
        raise Http404("No such document.")
    response = FileResponse(document.file.open("rb"), content_type=document.content_type, as_attachment=True,
                            filename=document.filename)  # fmt: skip
    response["Cache-Control"] = "private, no-store"
    return response
