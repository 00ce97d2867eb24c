"""The judge engine's wording and flag thresholds, from ``data/judge_feedback.yaml``."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from panelist.datafiles import load_yaml


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Gap(_Model):
    """A missing element and what to do about it."""

    weakness: str
    tip: str


class StyleWording(_Model):
    """How a recognised style is reported: as a flag (when ``flag`` is set) or a weakness."""

    threshold: float
    weakness: str
    tip: str
    #: Said instead of the tip (and of the plan wording's) when the answer already says what
    #: the candidate would do here ("So here I'd do the same: ...").
    tip_when_applied: str | None = None
    flag: str | None = None
    max_score: int = 100
    message: str = ""
    #: The style explains the whole answer: nothing in it is praised, and no other gap named.
    blocks_strengths: bool = False
    #: Nothing in the answer is praised, but its other gaps are named.
    no_praise: bool = False
    #: Said of a low score the style explains when a check of the text overrules the style's
    #: literal claim (the flag is not raised): the reading is named for a reviewer, in a
    #: ``check_score`` flag, not asserted.
    overruled: str | None = None


class WeighsDown(_Model):
    """What the part that weighs an answer down through a style is said to do, and the kind of
    weakness that is (which decides its follow-up question, if any)."""

    weakness: str
    #: The weakness's kind: a flag's code, or ``relevance`` (no follow-up question).
    kind: Literal["misaligned_values", "relevance"]
    #: Its tip, and in a plan's wording; the style's when not given.
    tip: str | None = None
    plan_tip: str | None = None
    #: Quote the part that raises the style's reading most, of those that lower the score,
    #: rather than the part that lowers the score most.
    quote_most_read: bool = False
    #: Said only when the whole answer is read as the style with at least this probability;
    #: else no part is named (the reading does not explain the score).
    min_reading: float = 0.0


class RuleWording(_Model):
    """How a rule's finding is reported."""

    message: str
    weakness: str = ""
    tip: str = ""


class Justification(_Model):
    """How the justification says what earns a score and what keeps it from the next level."""

    earns: str
    #: Said instead of ``earns`` below an adequate score: what is credited does not earn it.
    credited: str
    short_of: str
    no_gap: str
    #: Said last when the judge reads the answer two ways (a ``check_score`` note says how;
    #: ``{poor}``: the poor reading, "an answer to another question"), instead of ``no_gap``.
    unsure: str
    #: What a strength of each kind shows, as evidence of the score.
    evidence: dict[str, str]
    #: Said last when a second round's replies fill none of the first answer's gaps and the
    #: score is held to the first answer's (``{first}``; ``engines/judge/rounds.py``).
    held: str
    #: Said last when the whole exchange scores under the first answer alone (``{first}``).
    lower: str


class Level(_Model):
    """The name of a score band."""

    min: int
    text: str


class Wording(_Model):
    """Every text the judge engine writes."""

    version: int
    styles: dict[str, StyleWording]
    rules: dict[str, RuleWording]
    strengths: dict[str, str]
    gaps: dict[str, Gap]
    #: Said instead of a style's or a gap's wording when the question asks what the candidate
    #: would do (a plan): it never asks for a past example or a result.
    plan: dict[str, Gap] = {}
    #: Said instead of a style's, a gap's or the plan wording when the question is technical (a
    #: case to work through): no past situation is asked for.
    technical: dict[str, Gap] = {}
    #: Notes for a reviewer about a score (the ``check_score`` flag's messages).
    notes: dict[str, str]
    #: The part that weighs an answer down most, said by the style through which it lowers the
    #: score when that is one of these (with that style's tip); else the ``weighs_down`` gap.
    weighs_down_as: dict[str, WeighsDown] = {}
    #: What a reading of a poor answer's style is called in a note ("an answer to another
    #: question"); a style not named here is called by its level ("a poor answer").
    readings: dict[str, str]
    justification: Justification
    levels: list[Level]

    def _worded(self, name: str, plan: bool, technical: bool) -> Gap | None:
        """``name`` in the technical wording when ``technical``, else in the plan wording when
        ``plan``, if it has one."""
        return (self.technical.get(name) if technical else None) or (
            self.plan.get(name) if plan else None
        )

    def style(self, name: str, plan: bool, technical: bool = False) -> Gap:
        """The weakness and tip of style ``name``, in their technical or plan wording."""
        style = self.styles[name]
        return self._worded(name, plan, technical) or Gap(weakness=style.weakness, tip=style.tip)

    def gap(self, name: str, plan: bool, technical: bool = False) -> Gap:
        """Gap ``name``, in its technical or plan wording."""
        return self._worded(name, plan, technical) or self.gaps[name]

    def weighs_down(
        self, style: str | None, plan: bool, technical: bool = False
    ) -> tuple[Gap, str]:
        """What to say of the part that weighs an answer down through ``style``, and its kind."""
        said = self.weighs_down_as.get(style or "")
        if style is None or said is None:
            return self.gap("weighs_down", plan, technical), "specificity"
        tip = (said.plan_tip if plan or technical else said.tip) or self.style(
            style, plan, technical
        ).tip
        return Gap(weakness=said.weakness, tip=tip), said.kind

    def level(self, score: int) -> str:
        """The band name of a score."""
        return next(band.text for band in self.levels if score >= band.min)

    def next_level(self, score: int) -> Level | None:
        """The band above a score's (``None`` for the highest)."""
        above = [band for band in self.levels if band.min > score]
        return min(above, key=lambda band: band.min) if above else None


@lru_cache(maxsize=1)
def get_wording() -> Wording:
    """The packaged wording."""
    text = (resources.files("panelist") / "data" / "judge_feedback.yaml").read_text(
        encoding="utf-8"
    )
    raw: dict[str, Any] = load_yaml(text)
    return Wording(**raw)
