"""The sentence embedder's cache does not decide what ``encode`` returns."""

from __future__ import annotations

import numpy as np

from panelist.embeddings import Embedder


def test_more_texts_than_the_cache_holds_come_back_each_with_its_own_vector() -> None:
    texts = [f"I moved {n} orders to the priority lane on shift {n % 7}." for n in range(12)]
    alone = np.stack([Embedder().encode([t])[0] for t in texts])
    small = Embedder(cache_size=4)
    together = small.encode([*texts, texts[0]])
    np.testing.assert_allclose(together[:-1], alone, atol=1e-5)
    np.testing.assert_array_equal(together[-1], together[0])
    assert len(small._cache) == 4
