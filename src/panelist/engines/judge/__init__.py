"""The ``judge`` engine: Panelist's default, a model trained on expert-rated answers."""

from panelist.engines.judge.engine import JudgeEngine

__all__ = ["JudgeEngine"]
