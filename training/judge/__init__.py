"""Training of Panelist's learned judge (needs the ``train`` extra: PyTorch and onnx).

``python -m training.judge`` rebuilds ``src/panelist/data/judge/`` from the graded data;
``python -m training.judge --cv`` measures it by cross-validation grouped by role.
"""
