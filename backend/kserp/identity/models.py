"""Users of KS-ERP: staff (roles are Django groups), client-portal users, API tokens (later)."""

from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A person who signs in: staff (account managers, finance, payroll, admins) or portal users."""

    class Meta:
        db_table = "identity_user"
