"""newscheck_lab: the training and evaluation laboratory of newscheck.

Trainers, model-card writers, evaluation protocols and the readers of the
labelled corpora (:mod:`newscheck_lab.datasets`) live here, apart from the
runtime package :mod:`newscheck`, which never imports this one. The lab needs
the ``train`` extra (``pip install 'newscheck[train]'``); its commands attach
themselves to ``newscheck train`` and ``newscheck evaluate``.
"""

from __future__ import annotations

__all__: list[str] = []
