"""The judge's onnxruntime sessions."""

from __future__ import annotations

from pathlib import Path

import pytest

from panelist.errors import EngineError
from panelist.judge.encoder import data_file, session


def test_sessions_take_their_thread_count_and_do_not_spin() -> None:
    """Idle threads that spin take a core from the Python work between runs."""
    options = session(data_file("units.onnx"), threads=1).get_session_options()
    assert options.intra_op_num_threads == 1
    assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"
    assert session(data_file("head.onnx")).get_session_options().intra_op_num_threads == 0


def test_a_missing_model_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(EngineError, match=r"missing: .*nothing\.onnx; reinstall"):
        session(tmp_path / "nothing.onnx")
