"""The judge network: attention pooling over frozen token states, then a small set transformer.

Each unit (question, part, reference point, requirement, answer piece) is pooled from its MiniLM
token states; the units of one answer, with their type, similarity and surface features, go
through ``layers`` transformer blocks; a summary token gives the score and the style logits.
"""

from __future__ import annotations

import math

import torch
from torch import Tensor, nn

from panelist.judge.encoder import DIMENSION
from panelist.judge.features import GLOBAL_FEATURES, UNIT_FEATURES
from panelist.judge.inputs import UnitType


class Block(nn.Module):
    """A pre-norm transformer block with a key padding mask (plain ops, exportable to ONNX)."""

    def __init__(self, d: int, heads: int, dropout: float) -> None:
        super().__init__()
        self.heads = heads
        self.norm1 = nn.LayerNorm(d)
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)
        self.norm2 = nn.LayerNorm(d)
        self.ff = nn.Sequential(
            nn.Linear(d, 2 * d), nn.ReLU(), nn.Dropout(dropout), nn.Linear(2 * d, d)
        )
        self.drop = nn.Dropout(dropout)
        nn.init.xavier_uniform_(self.qkv.weight)
        nn.init.zeros_(self.qkv.bias)
        nn.init.zeros_(self.proj.bias)

    def forward(self, x: Tensor, pad: Tensor) -> Tensor:
        b, t, d = x.shape
        hd = d // self.heads
        q, k, v = self.qkv(self.norm1(x)).reshape(b, t, 3, self.heads, hd).permute(2, 0, 3, 1, 4)
        att = (q @ k.transpose(-1, -2)) / math.sqrt(hd)
        att = att.masked_fill(pad[:, None, None, :], -1e9).softmax(-1)
        y = (self.drop(att) @ v).transpose(1, 2).reshape(b, t, d)
        x = x + self.drop(self.proj(y))
        return x + self.drop(self.ff(self.norm2(x)))


class JudgeNet(nn.Module):
    """Token states of units and the answers' unit sequences to (score in 0-1, style logits)."""

    def __init__(
        self,
        styles: int,
        d: int = 128,
        layers: int = 2,
        heads: int = 4,
        pool_heads: int = 8,
        dropout: float = 0.1,
    ) -> None:
        super().__init__()
        self.pool_heads = pool_heads
        self.token_in = nn.Sequential(nn.Linear(DIMENSION, d), nn.GELU())
        self.queries = nn.Parameter(torch.randn(pool_heads, d) * 0.05)
        self.values = nn.Linear(d, d)
        self.unit_out = nn.Linear(DIMENSION + d, d)
        self.feature_in = nn.Linear(UNIT_FEATURES, d)
        self.type_in = nn.Embedding(int(UnitType.PAD), d)
        self.summary = nn.Parameter(torch.zeros(1, 1, d))
        self.global_in = nn.Linear(GLOBAL_FEATURES, d)
        self.blocks = nn.ModuleList([Block(d, heads, dropout) for _ in range(layers)])
        self.out = nn.Sequential(
            nn.LayerNorm(d), nn.Linear(d, d), nn.GELU(), nn.Linear(d, 1 + styles)
        )

    def units(self, tokens: Tensor, token_mask: Tensor) -> Tensor:
        """One vector per unit: its mean token state and an attention-pooled projection."""
        n, length, _ = tokens.shape
        mean = (tokens * token_mask[:, :, None]).sum(1) / token_mask.sum(1, keepdim=True).clamp(
            min=1
        )
        z = self.token_in(tokens)
        att = torch.einsum("nld,hd->nhl", z, self.queries)
        att = att.masked_fill(token_mask[:, None, :] < 0.5, -1e9).softmax(-1)
        values = self.values(z).reshape(n, length, self.pool_heads, -1)
        pooled = torch.einsum("nhl,nlhe->nhe", att, values).reshape(n, -1)
        return self.unit_out(torch.cat([mean, pooled], 1))

    def forward(
        self,
        tokens: Tensor,
        token_mask: Tensor,
        index: Tensor,
        types: Tensor,
        features: Tensor,
        globals: Tensor,
    ) -> tuple[Tensor, Tensor]:
        return self.head(self.units(tokens, token_mask), index, types, features, globals)

    def head(
        self, units: Tensor, index: Tensor, types: Tensor, features: Tensor, globals: Tensor
    ) -> tuple[Tensor, Tensor]:
        """Score and style logits of unit sequences; ``index`` rows past ``units`` are padding."""
        units = torch.cat([units, torch.zeros_like(units[:1])], 0)
        pad = types == int(UnitType.PAD)
        h = (
            units[index]
            + self.type_in(types.clamp(max=int(UnitType.ANSWER)))
            + self.feature_in(features)
        )
        top = self.summary.expand(h.shape[0], 1, -1) + self.global_in(globals)[:, None, :]
        h = torch.cat([top, h], 1)
        pad = torch.cat([torch.zeros_like(pad[:, :1]), pad], 1)
        for block in self.blocks:
            h = block(h, pad)
        out = self.out(h[:, 0])
        return torch.sigmoid(out[:, 0]), out[:, 1:]


class Ensemble(nn.Module):
    """Several seeds averaged: the mean score in 0-1 and the mean style probabilities."""

    def __init__(self, members: list[JudgeNet]) -> None:
        super().__init__()
        self.members = nn.ModuleList(members)

    def forward(
        self,
        tokens: Tensor,
        token_mask: Tensor,
        index: Tensor,
        types: Tensor,
        features: Tensor,
        globals: Tensor,
    ) -> tuple[Tensor, Tensor]:
        return self.head(self.units(tokens, token_mask), index, types, features, globals)

    def units(self, tokens: Tensor, token_mask: Tensor) -> Tensor:
        """Every member's unit vectors, ``(members, units, d)``."""
        return torch.stack([m.units(tokens, token_mask) for m in self.members])  # type: ignore[operator]

    def head(
        self, units: Tensor, index: Tensor, types: Tensor, features: Tensor, globals: Tensor
    ) -> tuple[Tensor, Tensor]:
        """The mean score and style probabilities of the members, from their unit vectors."""
        scores, probs = [], []
        for k, member in enumerate(self.members):
            s, logits = member.head(units[k], index, types, features, globals)  # type: ignore[operator]
            scores.append(s)
            probs.append(logits.softmax(-1))
        return torch.stack(scores).mean(0), torch.stack(probs).mean(0)


class UnitsPart(nn.Module):
    """The exported first part: token states of units to every member's unit vectors."""

    def __init__(self, model: Ensemble) -> None:
        super().__init__()
        self.model = model

    def forward(self, tokens: Tensor, token_mask: Tensor) -> Tensor:
        return self.model.units(tokens, token_mask)


class HeadPart(nn.Module):
    """The exported second part: unit vectors and sequences to score and style probabilities."""

    def __init__(self, model: Ensemble) -> None:
        super().__init__()
        self.model = model

    def forward(
        self, units: Tensor, index: Tensor, types: Tensor, features: Tensor, globals: Tensor
    ) -> tuple[Tensor, Tensor]:
        return self.model.head(units, index, types, features, globals)
