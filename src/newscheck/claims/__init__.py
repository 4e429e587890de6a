"""Check-worthiness of claims: which sentences are worth fact-checking.

- :mod:`newscheck.claims.data`: loaders of ClaimBuster (2xNCS / 2.5xNCS / 3xNCS)
  and CLEF CheckThat! 2020 Task 1 English from ``../shared/datasets``.
- :mod:`newscheck.claims.features`: word/char n-grams and cues (pure Python).
- :mod:`newscheck.claims.model`: :class:`ClaimModel`, numpy-only inference over
  the shipped artefacts in ``newscheck/models/claims``.
- :mod:`newscheck.claims.scoring`: the fast scorer behind it (per-word cache and
  numpy gathers; the same scores as the features above).
- :mod:`newscheck.claims.train` / :mod:`newscheck.claims.evaluate`: training,
  cross-validation and the benchmark (scikit-learn, training only).

The ``claims`` analyzer (:mod:`newscheck.analyzers.claims`) puts the scores into
reports and matches check-worthy sentences against :mod:`newscheck.factcheck`.
"""
