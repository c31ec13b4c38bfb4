"""Deterministic fuzzing of every parser of dockerlinks (see ``fuzz_parsers``)."""
