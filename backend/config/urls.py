from django.contrib import admin
from django.urls import path, re_path

from kserp.api.export import table_xlsx_view
from kserp.api.spa import spa_index
from kserp.api.views import graphql_view, healthz
from kserp.crm.views import contract_document_view
from kserp.finance.views import invoice_pdf_view
from kserp.payroll.views import payment_pdf_view

urlpatterns = [
    path("graphql", graphql_view(), name="graphql"),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("documents/invoices/<int:pk>.pdf", invoice_pdf_view, name="invoice-pdf"),
    path("documents/payments/<int:pk>.pdf", payment_pdf_view, name="payment-pdf"),
    path("documents/contracts/<int:pk>", contract_document_view, name="contract-document"),
    path("documents/table.xlsx", table_xlsx_view, name="table-xlsx"),
    # Everything else is a route of the single-page app (assets are served by WhiteNoise).
    re_path(r"^(?!static/|assets/|admin/|documents/|graphql|healthz).*$", spa_index, name="spa"),
]
