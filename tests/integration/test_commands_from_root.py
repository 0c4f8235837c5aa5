"""The documented commands work from the repository root (`python backend/manage.py ...`), not
only from `backend/`: `rundramatiq` starts worker processes that must find `config` too."""

from __future__ import annotations

import sys
import time
import uuid

import pytest

from tests.support.services import REPO, base_env, require_services, start_process, stop_process

pytestmark = pytest.mark.services
LOG = REPO / "var" / "test-logs" / "rundramatiq-from-root.log"


def _root_env() -> dict[str, str]:
    env = base_env(KSERP_DRAMATIQ_NAMESPACE=f"kserp-root-{uuid.uuid4().hex[:6]}")
    env.pop("PYTHONPATH", None)  # as a person typing the command has it
    return env


def test_rundramatiq_from_the_repository_root_starts_its_workers():
    require_services()
    argv = [sys.executable, "backend/manage.py", "rundramatiq", "--processes", "1", "--threads", "1"]
    worker = start_process(argv, _root_env(), REPO, LOG)
    try:
        deadline = time.monotonic() + 60
        while "ready for action" not in LOG.read_text():
            assert worker.poll() is None, LOG.read_text()[-2000:]
            assert time.monotonic() < deadline, LOG.read_text()[-2000:]
            time.sleep(0.2)
        assert "ModuleNotFoundError" not in LOG.read_text()
    finally:
        stop_process(worker)
