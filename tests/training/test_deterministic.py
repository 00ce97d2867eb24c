"""Training gives the same network in every run: the row lookup's gradient is summed in order."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch", reason="training needs the train extra")

from training.judge.fit import deterministic  # noqa: E402


def _lookup_gradients(repeats: int) -> list[object]:
    """The gradient of ``units[index]`` (the head's unit lookup) computed ``repeats`` times on
    two threads, at the size of a training batch's lookup."""
    torch.manual_seed(0)
    units = torch.randn(900, 128, requires_grad=True)
    index = torch.randint(0, 900, (60, 120))
    weights = torch.randn(60, 120, 128)
    out = []
    for _ in range(repeats):
        units.grad = None
        (units[index] * weights).sum().backward()
        assert units.grad is not None
        out.append(units.grad.clone())
    return out


def test_the_lookup_gradient_is_the_same_every_time_and_the_setting_is_restored() -> None:
    threads = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        before = torch.are_deterministic_algorithms_enabled()
        with deterministic():
            first, *rest = _lookup_gradients(60)
        assert all(torch.equal(first, g) for g in rest)
        assert torch.are_deterministic_algorithms_enabled() == before
    finally:
        torch.set_num_threads(threads)
