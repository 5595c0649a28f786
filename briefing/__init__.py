"""briefing: turn a day of news articles into a daily briefing."""

from briefing.text import split_sentences

__all__ = ["split_sentences"]
