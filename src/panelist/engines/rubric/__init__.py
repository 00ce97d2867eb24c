"""The rubric engine: Panelist's default, offline grader."""

from panelist.engines.rubric.engine import RubricEngine, RubricOptions

__all__ = ["RubricEngine", "RubricOptions"]
