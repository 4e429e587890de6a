"""Transformer trainers: MiniLM fine-tuning and ONNX export for the optional
check-worthiness (:mod:`.claims`) and propaganda (:mod:`.propaganda`) models.

They need the ``train-transformers`` extra (PyTorch); the torch encoder they
share is :mod:`.minilm`. Run one with ``python -m newscheck_lab.transformers.claims``
or ``python -m newscheck_lab.transformers.propaganda``.
"""

from __future__ import annotations

__all__: list[str] = []
