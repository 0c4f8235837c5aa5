"""Production settings pass Django's deployment checks."""

import secrets

from tests.support.services import run_manage


def test_check_deploy_passes_with_production_settings():
    output = run_manage(
        ["check", "--deploy", "--fail-level", "WARNING"],
        env={
            "KSERP_PRODUCTION": "1",
            "SECRET_KEY": secrets.token_urlsafe(60),
            "DJANGO_DEBUG": "0",
            "ALLOWED_HOSTS": "example.com",
        },
    )
    assert output.strip() == "System check identified no issues (0 silenced)."
