"""Helpers for contributors: from text read in a UN document to rows of datasets/."""
