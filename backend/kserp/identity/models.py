"""Users of KS-ERP: staff (roles are Django groups), client-portal users, API tokens (later)."""

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A person who signs in: staff (account managers, finance, payroll, admins) or portal users.

    A portal user is bound to one client (`client`); staff have none.
    """

    client = models.ForeignKey(
        "crm.Client",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="portal_users",
        help_text="The client a portal user belongs to; empty for staff.",
    )

    class Meta:
        db_table = "identity_user"
