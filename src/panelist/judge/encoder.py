"""Token states of the first MiniLM layers (all-MiniLM-L6-v2), ONNX, no torch.

The judge reads the output of transformer layer ``LAYERS`` of all-MiniLM-L6-v2: lower layers
keep more of the wording that separates a good answer from a fluent wrong one, and three layers
run several times faster than six (two run 1.5 times faster than three, but the head reads
them less well: grouped cross-validation of model 1.2 on each, Spearman 0.892 against 0.905,
QWK 0.870 against 0.888, answers to another question 36 against 33). The export is
``data/judge/encoder.onnx``, built by ``training/judge/encoder.py``: its weight products run in
int8, with activations quantised per call, so it encodes one text per call (the batch size
stored in the model under ``BATCH_KEY``); a model without that key (float arithmetic) runs
``_BATCH`` texts of similar length per call.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from panelist.errors import EngineError

DIMENSION = 384
LAYERS = 3
MAX_TOKENS = 128
_BATCH = 8
#: Texts per call the model is exported for (in its metadata; int8 activations: 1).
BATCH_KEY = "panelist.batch"

States = npt.NDArray[np.float32]
_T = TypeVar("_T")
_R = TypeVar("_R")


def data_file(name: str) -> Path:
    """A file of the judge's artefact in the package."""
    return Path(str(resources.files("panelist") / "data" / "judge" / name))


def load_tokenizer() -> Any:
    """The MiniLM word-piece tokenizer, truncating at ``MAX_TOKENS``, without padding."""
    from tokenizers import Tokenizer

    tokenizer_file = resources.files("panelist") / "data" / "minilm" / "tokenizer.json"
    tokenizer = Tokenizer.from_str(tokenizer_file.read_text(encoding="utf-8"))
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    tokenizer.no_padding()
    return tokenizer


def session(path: Path, threads: int = 0) -> Any:
    """An onnxruntime session on the CPU for ``path``, with ``threads`` threads (0: one a core).

    Idle threads sleep instead of spinning: between runs the cores go to the Python work around
    them (spinning made the judge's features and head on the dev set 1.5 times slower).
    """
    import onnxruntime as ort

    if not path.is_file():
        raise EngineError(f"the judge model file is missing: {path}; reinstall panelist")
    options = ort.SessionOptions()
    options.log_severity_level = 3
    options.intra_op_num_threads = threads
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    # Weights stored as int8 + DequantizeLinear (the embeddings) are folded to float once, at
    # load, not fused into int8 operators.
    options.add_session_config_entry("session.disable_quant_qdq", "1")
    return ort.InferenceSession(str(path), sess_options=options, providers=["CPUExecutionProvider"])


def usable_cores() -> int:
    """The cores this process may run on (all of the machine's where that is not known)."""
    if hasattr(os, "sched_getaffinity"):
        return max(len(os.sched_getaffinity(0)), 1)
    return os.cpu_count() or 1


def _batch_size(value: str, path: Path | None) -> int:
    """The texts per call a model's metadata declares (a positive whole number)."""
    if not value.isdigit() or int(value) < 1:
        name = path or data_file("encoder.onnx")
        raise EngineError(f"{name}: {BATCH_KEY} must be a positive whole number, not {value!r}")
    return int(value)


class TokenEncoder:
    """Texts to token states ``(tokens, 384)``.

    Batches run in ``threads`` threads at once, each on one core (one session, one thread per
    run): a thread that reads answers alongside then takes a core's share, where a session
    splitting each product over all cores would wait for it at every step.
    """

    def __init__(self, path: Path | None = None, threads: int = 0) -> None:
        self._session = session(path or data_file("encoder.onnx"), threads=1)
        meta = self._session.get_modelmeta().custom_metadata_map
        self._batch = _batch_size(meta.get(BATCH_KEY, str(_BATCH)), path)
        self._tokenizer = load_tokenizer()
        self._threads = threads or usable_cores()
        self._pool = ThreadPoolExecutor(self._threads, thread_name_prefix="panelist-encoder")

    def run(self, texts: Sequence[str]) -> list[States]:
        """Token states of every text, in order (batching texts of similar length when the
        model's arithmetic is float)."""
        ids = [e.ids for e in self._tokenizer.encode_batch(list(texts))]
        order = sorted(range(len(texts)), key=lambda i: len(ids[i]))
        batches = [order[i : i + self._batch] for i in range(0, len(order), self._batch)]
        out: list[States] = [np.zeros((0, DIMENSION), np.float32)] * len(texts)
        states = self._pool.map(lambda b: self._encode([ids[i] for i in b]), batches)
        for batch, hidden in zip(batches, states, strict=True):
            for row, i in enumerate(batch):
                out[i] = np.asarray(hidden[row, : len(ids[i])], dtype=np.float32)
        return out

    def map(self, function: Callable[[_T], _R], items: Iterable[_T]) -> list[_R]:
        """``function`` of every item, in order, run in the encoder's threads."""
        return list(self._pool.map(function, items))

    def _encode(self, ids: list[list[int]]) -> States:
        """The token states of one batch, padded to its longest text."""
        matrix = np.zeros((len(ids), max(len(i) for i in ids)), np.int64)
        for row, text in enumerate(ids):
            matrix[row, : len(text)] = text
        mask = (matrix > 0).astype(np.int64)
        hidden: States = self._session.run(None, {"input_ids": matrix, "attention_mask": mask})[0]
        return hidden
