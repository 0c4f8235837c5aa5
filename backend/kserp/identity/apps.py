from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class IdentityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kserp.identity"
    label = "identity"

    def ready(self) -> None:
        from kserp.base.audit import audit_register
        from kserp.identity.audit import audit_record, instance_snapshot

        audit_register(recorder=audit_record, snapshot=instance_snapshot)

        from kserp.identity.models import ApiToken, User
        from kserp.identity.tokens import evict_saved_token, evict_saved_users_tokens

        # Cached token lookups (identity/tokens.py) are forgotten when the token or its user changes.
        post_save.connect(evict_saved_token, sender=ApiToken, dispatch_uid="apitoken-evict-save")
        post_delete.connect(evict_saved_token, sender=ApiToken, dispatch_uid="apitoken-evict-delete")
        post_save.connect(evict_saved_users_tokens, sender=User, dispatch_uid="user-apitoken-evict")
