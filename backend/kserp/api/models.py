"""Request-level state of the API: idempotency keys (replayed responses) and persisted queries
(registered documents, asked for by hash). See docs/partners.md."""

from django.conf import settings
from django.db import models


class IdempotencyKey(models.Model):
    """The first response to a request carrying an `Idempotency-Key` header, kept 24 hours per
    user. `request_hash` is the SHA-256 of the request (query, variables, operation name)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveIntegerField(default=0, help_text="0 while the first request runs.")
    content_type = models.CharField(max_length=100, blank=True, default="")
    response_body = models.BinaryField(default=b"")
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="api_idempotency_key_unique")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"


class PersistedQuery(models.Model):
    """A registered GraphQL document that callers may run by its SHA-256 (hex) alone."""

    sha256 = models.CharField(max_length=64, unique=True)
    document = models.TextField()
    name = models.CharField(max_length=200, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "persisted queries"

    def __str__(self) -> str:
        return self.name or self.sha256[:12]
