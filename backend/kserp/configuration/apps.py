from django.apps import AppConfig


class ConfigurationConfig(AppConfig):
    """The configuration document (docs/configuration.md): read, check, store and audit it. It writes
    entities, clients, payees, users, agreements and job orders, so it sits above those domains."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "kserp.configuration"
    label = "configuration"
