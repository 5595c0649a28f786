"""The names of the summarisation methods; no heavy imports, so the CLI can list them."""

from __future__ import annotations

__all__ = ["DEFAULT_METHOD", "METHODS", "SUMY_METHODS"]

#: What ``--method`` omitted gives: position-aware centrality (:mod:`briefing.summary.newsrank`).
DEFAULT_METHOD = "newsrank"
#: The methods sumy implements, run through :mod:`briefing.summary.key_sentences`.
SUMY_METHODS = ("lexrank", "lsa", "textrank", "luhn", "kl", "sumbasic", "edmundson", "reduction")
#: Every method ``--method`` accepts.
METHODS = (DEFAULT_METHOD, "lead", *SUMY_METHODS)
