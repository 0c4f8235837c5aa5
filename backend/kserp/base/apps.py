from django.apps import AppConfig


class BaseConfig(AppConfig):
    """The bottom layer: what every domain may use (the legal entity, money helpers)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "kserp.base"
    label = "base"
