"""Check-worthiness of claims: corpora loaders, features, model, training."""
