from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "kserp.api"
    label = "api"
