"""Training and evaluation of the claims models."""
