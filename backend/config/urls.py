from django.contrib import admin
from django.urls import path, re_path

from kserp.api.spa import spa_index
from kserp.api.views import graphql_view, healthz

urlpatterns = [
    path("graphql", graphql_view(), name="graphql"),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    # Everything else is a route of the single-page app (assets are served by WhiteNoise).
    re_path(r"^(?!static/|assets/|admin/|graphql|healthz).*$", spa_index, name="spa"),
]
