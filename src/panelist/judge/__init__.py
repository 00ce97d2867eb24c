"""The learned judge: a small network over frozen MiniLM token states, run with onnxruntime.

``inputs`` turns an evaluation request into text units, ``encoder`` gives their token states,
``features`` adds the similarity and surface features, and ``model`` runs the trained head.
Training code lives apart, in ``training/judge`` (it needs PyTorch; the runtime does not).
"""
