from django.contrib import admin
from django.urls import path, re_path

from kserp.api.export import table_xlsx_view
from kserp.api.list_exports import staff_list_export_view
from kserp.api.spa import spa_index
from kserp.api.views import graphql_view, healthz
from kserp.crm.views import contract_document_view
from kserp.finance.export_views import accounting_export_view, list_export_view
from kserp.finance.views import credit_note_pdf_view, invoice_pdf_view
from kserp.payroll.views import payment_pdf_view

urlpatterns = [
    path("graphql", graphql_view(), name="graphql"),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("documents/invoices/<int:pk>.pdf", invoice_pdf_view, name="invoice-pdf"),
    path("documents/credit-notes/<int:pk>.pdf", credit_note_pdf_view, name="credit-note-pdf"),
    re_path(
        r"^exports/lists/(?P<name>clients|job-orders|timesheets)\.(?P<fmt>[a-z]+)$",
        staff_list_export_view,
        name="staff-list-export",
    ),
    path("exports/lists/<slug:name>.<str:fmt>", list_export_view, name="list-export"),
    path("exports/<slug:product>/<slug:kind>.csv", accounting_export_view, name="accounting-export"),
    path("documents/payments/<int:pk>.pdf", payment_pdf_view, name="payment-pdf"),
    path("documents/contracts/<int:pk>", contract_document_view, name="contract-document"),
    path("documents/table.xlsx", table_xlsx_view, name="table-xlsx"),
    # Everything else is a route of the single-page app (assets are served by WhiteNoise).
    re_path(r"^(?!static/|assets/|admin/|documents/|exports/|graphql|healthz).*$", spa_index, name="spa"),
]
