"""Training and evaluation of the factcheck models."""
