"""Check-worthiness of claims: which sentences are worth fact-checking.

- :mod:`newscheck.claims.features`: word/char n-grams and cues (pure Python).
- :mod:`newscheck.claims.model`: :class:`ClaimModel`, numpy-only inference over
  the shipped artefacts in ``newscheck/models/claims``.
- :mod:`newscheck.claims.scoring`: the fast scorer behind it (per-word cache and
  numpy gathers; the same scores as the features above).

Training, cross-validation and the benchmark (scikit-learn) live in the
laboratory: :mod:`newscheck_lab.claims`, with the ClaimBuster and CheckThat!
2020 Task 1 loaders in :mod:`newscheck_lab.datasets.claims`.

The ``claims`` analyzer (:mod:`newscheck.analyzers.claims`) puts the scores into
reports and matches check-worthy sentences against :mod:`newscheck.factcheck`.
"""

__all__: list[str] = []
