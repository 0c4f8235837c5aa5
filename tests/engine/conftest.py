"""Engine tests are pure Python: they need ``backend/`` importable and nothing else (no Django,
no database)."""

import sys
from pathlib import Path

_BACKEND = str(Path(__file__).resolve().parents[2] / "backend")
if _BACKEND not in sys.path:
    sys.path.insert(0, _BACKEND)
