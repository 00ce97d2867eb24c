"""The engine registry: built-in engines register the way third-party ones do.

Third-party packages expose a callable in the ``panelist.engines`` entry-point group; it is
called with a :class:`Registry` and registers engine classes on it.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import import_module
from importlib.metadata import entry_points
from typing import Any

from pydantic import ValidationError

from panelist.engines.base import Engine
from panelist.errors import InputError, UnknownEngineError

ENTRY_POINT_GROUP = "panelist.engines"
#: The engines that ship with Panelist, imported only when used.
BUILTIN = {
    "judge": "panelist.engines.judge:JudgeEngine",
    "rubric": "panelist.engines.rubric:RubricEngine",
    "llm": "panelist.engines.llm:LLMEngine",
    "hybrid": "panelist.engines.hybrid:HybridEngine",
}


class Registry:
    """Engine classes by id."""

    def __init__(self) -> None:
        self._engines: dict[str, type[Engine] | str] = {}

    def register(self, engine: type[Engine]) -> None:
        """Add an engine class under its ``name``."""
        self._engines[engine.name] = engine

    def register_lazy(self, name: str, path: str) -> None:
        """Add an engine by ``module:Class`` path, imported when first used (fast start-up)."""
        self._engines[name] = path

    def names(self) -> list[str]:
        """Registered engine ids, sorted."""
        return sorted(self._engines)

    def get(self, name: str) -> type[Engine]:
        """The engine class for ``name``; an unknown id lists the known ones."""
        try:
            engine = self._engines[name]
        except KeyError:
            raise UnknownEngineError(name, self.names()) from None
        if isinstance(engine, str):
            module, _, attr = engine.partition(":")
            engine = getattr(import_module(module), attr)
            assert isinstance(engine, type) and issubclass(engine, Engine)
            self._engines[name] = engine
        return engine

    def create(self, name: str, **options: Any) -> Engine:
        """Instantiate engine ``name`` with validated options."""
        cls = self.get(name)
        try:
            return cls(cls.Options(**options))
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(map(str, e['loc'])) or 'options'}: {e['msg']}" for e in exc.errors()
            )
            raise InputError(f"engine {name!r} options: {problems}") from None


def register_builtin(registry: Registry) -> None:
    """Register the engines that ship with Panelist (this is an entry point too)."""
    for name, path in BUILTIN.items():
        registry.register_lazy(name, path)


@lru_cache(maxsize=1)
def get_registry() -> Registry:
    """The process-wide registry, filled from the entry-point group."""
    registry = Registry()
    register_builtin(registry)
    for point in entry_points(group=ENTRY_POINT_GROUP):
        if point.value == f"{__name__}:register_builtin":
            continue
        point.load()(registry)
    return registry


def create_engine(name: str, **options: Any) -> Engine:
    """Build engine ``name`` from the registry."""
    return get_registry().create(name, **options)
