"""The engine registry: built-in engines register the way third-party ones do.

Third-party packages expose a callable in the ``panelist.engines`` entry-point group; it is
called with a :class:`Registry` and registers engine classes on it.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import import_module
from importlib.metadata import entry_points
from typing import Any

from pydantic import BaseModel, ValidationError

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
            raise InputError(
                f"engine {name!r} options: {option_problems(exc, cls.Options)}"
            ) from None


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


def parse_options(pairs: tuple[str, ...]) -> dict[str, Any]:
    """Engine options from ``KEY=VALUE`` strings (``-O``): values are JSON when they parse."""
    options: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise InputError(f"engine option {pair!r} is not KEY=VALUE")
        try:
            options[key.replace("-", "_")] = json.loads(value)
        except json.JSONDecodeError:
            options[key.replace("-", "_")] = value
    return options


def option_problems(exc: ValidationError, options: type[BaseModel]) -> str:
    """What is wrong with some options, naming the known ones when a name is unknown."""
    errors = exc.errors()
    problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'options'}: {e['msg']}" for e in errors)
    if any(e["type"] == "extra_forbidden" for e in errors):
        known = ", ".join(sorted(options.model_fields))
        problems += f" (known options: {known})" if known else " (this engine takes no options)"
    return problems
