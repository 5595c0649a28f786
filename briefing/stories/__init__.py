"""Stage 4, group: across the day's articles.

``events`` clusters articles that tell one event (on ``similarity`` and ``tfidf``)
and picks their sentences across outlets; ``topics`` groups stories by tag and
``inferred`` names topics for untagged ones; ``watchlist`` marks tracked terms;
``history`` marks what is new against earlier days.
"""
