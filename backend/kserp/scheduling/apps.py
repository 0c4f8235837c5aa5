from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kserp.scheduling"
    label = "scheduling"

    def ready(self) -> None:
        from kserp.realtime.loop import on_embedded_start
        from kserp.scheduling.scheduler import start_embedded

        on_embedded_start(start_embedded)
