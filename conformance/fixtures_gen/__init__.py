"""Deterministic generators of test fixtures (packages, keys, documents): the same call gives
the same bytes, so fixtures can be regenerated anywhere instead of being committed."""
