"""Training and evaluation of the reliability models."""
