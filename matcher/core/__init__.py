"""The domain: models, storage, rules, services. Never imports Qt (a test enforces it)."""
