"""Article reliability: the features and models behind the ``reliability`` analyzer."""

__all__: list[str] = []
