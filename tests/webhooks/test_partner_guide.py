"""The signature verifiers printed in docs/partners.md accept KS-ERP's signatures and refuse bad ones."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from kserp.webhooks import signing

GUIDE = (Path(__file__).resolve().parents[2] / "docs" / "partners.md").read_text()
BODY = b'{"id":"evt_1","type":"invoice.paid","data":{"object":{"type":"Invoice","id":"SW52b2ljZTox"}}}'


def _block(language: str) -> str:
    (code,) = re.findall(rf"```{language}\n(.*?)```", GUIDE, flags=re.S)
    return code


def _cases() -> list[tuple[str, str, bytes, bool]]:
    now = int(time.time())
    rotated = signing.signature_header(["whsec_new", "whsec_old"], now, BODY)
    return [
        ("whsec_new", rotated, BODY, True),
        ("whsec_old", rotated, BODY, True),  # during a rotation either secret verifies
        ("whsec_other", rotated, BODY, False),
        ("whsec_new", rotated, BODY + b" ", False),  # the body changed
        ("whsec_new", signing.signature_header(["whsec_new"], now - 301, BODY), BODY, False),  # stale
        ("whsec_new", "v1=00", BODY, False),
    ]


def test_the_python_verifier_of_the_guide():
    namespace: dict = {}
    exec(_block("python"), namespace)  # the guide's code as printed
    assert [namespace["verify"](secret, header, body) for secret, header, body, _ in _cases()] == [
        ok for *_, ok in _cases()
    ]


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_node_verifier_of_the_guide(tmp_path):
    (tmp_path / "verify.js").write_text(_block("javascript"))
    cases = [[secret, header, body.decode()] for secret, header, body, _ in _cases()]
    script = (
        "const { verify } = require('./verify.js');"
        f"const cases = {json.dumps(cases)};"
        "console.log(JSON.stringify(cases.map(([s, h, b]) => verify(s, h, Buffer.from(b)))));"
    )
    out = subprocess.run(["node", "-e", script], cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == [ok for *_, ok in _cases()]
