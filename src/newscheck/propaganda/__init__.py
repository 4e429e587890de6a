"""Propaganda techniques (SemEval-2020 Task 11): corpus reader, official measures,
features, a numpy-only model and its training.

Modules
-------
``ptc``       read the Propaganda Techniques Corpus layout (articles and labels).
``scorer``    the task's SI (partial-overlap) and TC (micro-F1) measures.
``features``  tokenisation and feature strings shared by training and inference.
``model``     :class:`PropagandaModel`, inference in numpy only.
``training``  fitting with scikit-learn, chosen by cross-validation on train.

Only ``ptc``, ``scorer``, ``features`` and ``model`` are imported at analyze time.
"""

from newscheck.propaganda.techniques import DEFINITIONS, HUMAN_NAMES, TECHNIQUES

__all__ = ["DEFINITIONS", "HUMAN_NAMES", "TECHNIQUES"]
