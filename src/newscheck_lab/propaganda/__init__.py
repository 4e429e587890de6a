"""Training and evaluation of the propaganda models."""
