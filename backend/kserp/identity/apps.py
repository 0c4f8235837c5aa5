from django.apps import AppConfig


class IdentityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kserp.identity"
    label = "identity"

    def ready(self) -> None:
        from kserp.base.audit import audit_register
        from kserp.identity.audit import audit_record, instance_snapshot

        audit_register(recorder=audit_record, snapshot=instance_snapshot)
