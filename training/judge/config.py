"""Every setting of a judge training run, with its seeds."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"


#: SemEval's 3-way grades read as styles: a correct short answer as a concise correct one.
SEMEVAL_STYLES = (
    ("correct", "correct_concise"),
    ("incorrect", "partial"),
    ("contradictory", "factual_error"),
)


#: Behavioural questions any good account of a past situation at work answers.
GENERAL_QUESTIONS = (
    "Tell me about a challenge you faced at work and how you handled it.",
    "Tell me about a challenge you overcame.",
    "Describe a difficult situation at work and what you did.",
    "Tell me about a problem you solved at work.",
    "Give me an example of a situation you handled well.",
    "Walk me through a situation at work that you are proud of how you handled.",
    "Tell me about a time you had to deal with a difficult situation.",
    "Describe a time you made a difference at work.",
    "Tell me about something you did at work that you learned from.",
    "Can you give an example from your experience that shows how you work?",
)


@dataclass(frozen=True)
class Config:
    """Hyperparameters, data and seeds. The defaults build the shipped model."""

    train: Path = SHARED / "train" / "items.jsonl"
    dev: Path = SHARED / "dev" / "items.jsonl"
    semeval: tuple[Path, ...] = (
        SHARED / "semeval2013" / "beetle_train.jsonl",
        SHARED / "semeval2013" / "scientsbank_train.jsonl",
    )
    #: Labels of SemEval's 3-way grades on the 0-100 scale, and their weight in the loss.
    semeval_scores: tuple[tuple[str, float], ...] = (
        ("correct", 85.0),
        ("incorrect", 30.0),
        ("contradictory", 15.0),
    )
    #: The training data's style each 3-way grade is read as, so that the style head learns
    #: from SemEval's graded answers too (none: only the score does; ``--semeval-styles`` sets
    #: :data:`SEMEVAL_STYLES`; tried, not shipped, see the model card).
    semeval_styles: tuple[tuple[str, str], ...] = ()
    semeval_weight: float = 0.5
    semeval_per_epoch: int = 800
    semeval_batch: int = 40
    d: int = 128
    layers: int = 2
    heads: int = 4
    pool_heads: int = 8
    dropout: float = 0.1
    epochs: int = 12
    lr: float = 1e-3
    weight_decay: float = 0.01
    warmup: float = 0.1
    #: Each role's answers are split into this many batches per epoch.
    role_batches: int = 2
    #: Weight of the style cross-entropy next to the score's squared error.
    style_weight: float = 0.3
    #: Final score = (1 - mix) * regression + mix * expected style mean, the style
    #: probabilities sharpened by ``temperature`` in the expectation (``final_scores`` in
    #: :mod:`panelist.judge.model`; chosen by nested cross-validation, see the model card).
    mix: float = 0.7
    temperature: float = 0.5
    #: Share of good answers (label >= swap_min_label) also given to another question of their
    #: role each epoch, labelled off-topic with at most swap_label, at weight swap_weight.
    swap_rate: float = 0.0
    swap_min_label: float = 60.0
    swap_label: float = 22.0
    swap_weight: float = 0.5
    #: Share of good answers also given to a question of the same kind (behavioural or
    #: technical) of another role, with that role's job description, each epoch: off-topic
    #: examples labelled as the swaps above.
    cross_rate: float = 0.0
    #: Share of good answers also given, each epoch, to a question they do not answer (half
    #: another role's, with its job description, half another of their role's), read as the
    #: style :data:`~panelist.judge.model.FIT_STYLE` and not scored; at misfit_weight.
    misfit_rate: float = 0.0
    misfit_weight: float = 1.0
    #: Share of good behavioural answers also given, each epoch, to one of
    #: :data:`GENERAL_QUESTIONS` (which any good story answers), read as their own style and not
    #: scored: a general question is not another question.
    general_rate: float = 0.0
    #: Share of training answers also given without their job description (no requirement
    #: units), so that the head learns to score answers that come without one.
    no_description_rate: float = 0.3
    #: Share of training answers given a twin (the answer as a transcript or in second-language
    #: grammar, :mod:`training.judge.twins`) in each batch; the twin is trained to score and
    #: read as the answer does, at weight twin_weight. twins_per_kind renderings of each kind.
    twin_rate: float = 1.0
    #: Also twins with the STAR method's labels in words (``twins(star=True)``; tried, not
    #: shipped: good dev answers so labelled moved as much as before, see the model card).
    star_twins: bool = False
    twin_weight: float = 1.5
    #: Weight of the squared error of the shipped score (mixed and sharpened) in the loss.
    final_weight: float = 1.0
    twins_per_kind: int = 2
    #: Share of training answers also given a padded twin in each batch (the answer with
    #: sentences of other roles' answers added, :func:`training.judge.twins.padded`), trained
    #: as the twins above; pads_per_answer padded copies of each answer.
    pad_rate: float = 0.5
    pads_per_answer: int = 2
    #: Share of answers with a polished rewrite (``polished``: the same story in a résumé-like
    #: register with 4-7 plausible figures added, written by helpers for 160 good answers to
    #: past-behaviour questions) given it in each batch, trained as the twins above (tried, not
    #: shipped: see the model card); 0 leaves the rewrites out of training, and a
    #: cross-validation still scores them as pairs.
    polished_rate: float = 0.0
    polished: Path = field(default_factory=lambda: Path(__file__).with_name("polished.jsonl"))
    #: Networks averaged in the shipped model, and in each fold of ``--cv`` (one seed there
    #: keeps cross-validation near ten minutes; ``--seeds N`` sets both).
    seeds: tuple[int, ...] = (0, 1, 2)
    cv_seeds: tuple[int, ...] = (0,)
    folds: int = 5
    split_seed: int = 0
    threads: int = 2
    cache: Path = field(default_factory=lambda: Path.home() / ".cache" / "panelist" / "judge-train")
