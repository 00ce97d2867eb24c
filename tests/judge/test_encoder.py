"""The judge's onnxruntime sessions."""

from __future__ import annotations

from pathlib import Path

import pytest

from panelist.errors import EngineError
from panelist.judge.encoder import session
from panelist.judge.model import Judge


def test_the_judge_pools_on_one_thread_and_no_session_spins() -> None:
    """Pooling runs one text per call, too little to share; idle threads that spin take a core
    from the Python work between runs."""
    judge = Judge()
    sessions = [judge.encoder._session, judge._units, judge._head]
    options = [s.get_session_options() for s in sessions]
    assert [o.intra_op_num_threads for o in options] == [0, 1, 0]
    for o in options:
        assert o.get_session_config_entry("session.intra_op.allow_spinning") == "0"


def test_a_missing_model_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(EngineError, match=r"missing: .*nothing\.onnx; reinstall"):
        session(tmp_path / "nothing.onnx")
