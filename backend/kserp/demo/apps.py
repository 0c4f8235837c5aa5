from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data (`make run`, `manage.py generate_demo`) and `manage.py bootstrap`, which sets up a
    fresh machine. It writes through every domain's services, so it sits just below the API."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "kserp.demo"
    label = "demo"
