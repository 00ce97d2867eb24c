"""Job descriptions the interview designer is tested on."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_JD = ROOT / "src" / "panelist" / "examples" / "ml-engineer" / "job_description.md"
DEV = Path("/work/shared/data/dev")
_DEV_JDS = sorted(DEV.glob("jd_*.md")) if DEV.is_dir() else []

#: The built-in example (always there) and the dev set's descriptions (skipped when missing).
JOB_DESCRIPTIONS = [
    pytest.param(EXAMPLE_JD, id="example-ml-engineer"),
    *[pytest.param(p, id=p.stem) for p in _DEV_JDS],
    *(
        []
        if _DEV_JDS
        else [pytest.param(None, id="dev-set", marks=pytest.mark.skip("dev set not found"))]
    ),
]
