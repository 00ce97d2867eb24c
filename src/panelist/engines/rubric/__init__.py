"""The rubric engine: hand-written criteria over sentence embeddings (the explainable baseline).

``RubricEngine`` is imported on first use, so that the engine's text analysis (``signals``,
``semantics``, ``criteria``) can be used without loading the engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from panelist.engines.rubric.engine import RubricEngine, RubricOptions

__all__ = ["RubricEngine", "RubricOptions"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from panelist.engines.rubric import engine

        return getattr(engine, name)
    raise AttributeError(name)
