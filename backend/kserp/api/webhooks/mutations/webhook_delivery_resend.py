from __future__ import annotations

import strawberry
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.errors import ValidationFailed, user_errors
from kserp.api.core.permissions import Require
from kserp.api.webhooks.mutations._lookup import admin_object, not_found
from kserp.api.webhooks.types import ADMIN_RULES, WebhookDeliveryPayload, WebhookDeliveryType
from kserp.webhooks.models import WebhookDelivery
from kserp.webhooks.services import webhook_delivery_resend


def resend_webhook_delivery_mutation(info: Info, id: strawberry.ID) -> WebhookDeliveryPayload:
    delivery = admin_object(info, WebhookDeliveryType, WebhookDelivery, str(id), "WebhookDelivery")
    if delivery is None:
        return WebhookDeliveryPayload(delivery=None, errors=not_found("id", str(id)))
    try:
        delivery = webhook_delivery_resend(delivery=delivery, actor=current_user(info))
    except ValidationFailed as failed:
        return WebhookDeliveryPayload(delivery=None, errors=user_errors(failed.errors))
    return WebhookDeliveryPayload(delivery=delivery, errors=[])  # type: ignore[arg-type]


resend_webhook_delivery_field = strawberry.mutation(
    resolver=resend_webhook_delivery_mutation,
    description="Send a delivery again, with the same event id and a fresh series of retries (admins).",
    extensions=[Require(*ADMIN_RULES)],
)
