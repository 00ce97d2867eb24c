"""The judge's onnxruntime sessions and its encoder's threads."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from panelist.errors import EngineError
from panelist.judge.encoder import BATCH_KEY, TokenEncoder, _batch_size, session
from panelist.judge.model import Judge

WORDS = (
    "I rolled the release back within ten minutes then wrote the incident review and added a "
    "pre-deploy check for renamed flags so the on-call rota saw no config outages for months"
).split()
#: Texts of 1 to 150 words, encoded alone and among different mates.
TEXTS = [" ".join(WORDS[i % 7 :] * (1 + i % 5))[: 1 + 97 * i % 900] for i in range(60)]


def test_every_session_runs_on_one_thread_and_none_spins() -> None:
    """One batch, one text or one answer per call is too little to share between threads;
    the encoder runs its batches in a thread per core instead. Idle threads that spin take a
    core from the Python work between runs."""
    judge = Judge()
    sessions = [judge.encoder._session, judge._units, judge._head]
    options = [s.get_session_options() for s in sessions]
    assert [o.intra_op_num_threads for o in options] == [1, 1, 1]
    for o in options:
        assert o.get_session_config_entry("session.intra_op.allow_spinning") == "0"


def test_token_states_do_not_depend_on_threads_or_on_the_other_texts() -> None:
    one = TokenEncoder(threads=1)
    alone = [one.run([t])[0] for t in TEXTS]
    together = TokenEncoder(threads=2).run(TEXTS[::-1])  # several batches, run at once
    assert len({len(s) for s in alone}) > 20
    for states, single in zip(together, alone[::-1], strict=True):
        assert np.array_equal(states, single)


def test_a_missing_model_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(EngineError, match=r"missing: .*nothing\.onnx; reinstall"):
        session(tmp_path / "nothing.onnx")


def test_the_shipped_encoder_runs_int8_one_text_per_call() -> None:
    """Its activations are quantised per call: texts encoded together would share a scale."""
    encoder = TokenEncoder()
    meta = encoder._session.get_modelmeta().custom_metadata_map
    assert meta[BATCH_KEY] == "1"
    assert encoder._batch == 1


@pytest.mark.parametrize("value", ["0", "-1", "eight"])
def test_a_bad_batch_size_in_the_metadata_is_named(value: str) -> None:
    with pytest.raises(
        EngineError, match=rf"panelist.batch must be a positive whole number, not '{value}'"
    ):
        _batch_size(value, Path("encoder.onnx"))
