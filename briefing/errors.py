"""Every exception briefing raises on purpose.

The tree::

    BriefingError                 base: the CLI turns any of these into a one-line message
    ├── InputError                an input file, folder or URL that cannot be used
    │   ├── SkippedInput          one input skipped, with its name and the reason
    │   └── RefusedAddress        an address found in content that is not to be fetched
    ├── NoArticlesError           nothing usable was found for the briefing
    ├── ConfigError               a bad briefing.toml or a bad combination of settings
    ├── SummarizerError           a summarisation method that is unknown or failed
    ├── EvaluationError           evaluation cannot run (rouge-score missing, unusable dataset)
    ├── TemplateError             a template that is missing or fails to render
    ├── DeliveryError             sending or writing the briefing failed
    │   └── PartlyRefused         the server took the message for some recipients only
    ├── AlreadySent               this day went to these recipients before (exit code 3)
    ├── HistoryError              the history database cannot be read or written
    └── ExecutorError             the Dask executor cannot run (not installed, no scheduler)
"""

from __future__ import annotations

__all__ = [
    "AlreadySent",
    "BriefingError",
    "ConfigError",
    "DeliveryError",
    "EvaluationError",
    "ExecutorError",
    "HistoryError",
    "InputError",
    "NoArticlesError",
    "PartlyRefused",
    "RefusedAddress",
    "SkippedInput",
    "SummarizerError",
    "TemplateError",
]


class BriefingError(Exception):
    """Base of every error briefing raises on purpose."""


class InputError(BriefingError):
    """An input that cannot be used."""


class SkippedInput(InputError):
    """One input was skipped; ``input`` names it and ``reason`` says why."""

    def __init__(self, input: str, reason: str) -> None:
        super().__init__(f"{input}: {reason}")
        self.input = input
        self.reason = reason

    def __reduce__(self) -> tuple[type[SkippedInput], tuple[str, str]]:
        # Read on a worker, it comes back pickled: rebuilt from both of its parts.
        return (type(self), (self.input, self.reason))


class RefusedAddress(InputError):
    """An address found inside content leads where it may not (an internal IP, credentials);
    ``reason`` says why and how to allow it. The fetcher turns it into a SkippedInput."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class NoArticlesError(BriefingError):
    """Nothing usable was found to build a briefing from.

    ``skipped`` holds every input skipped on the way, each with its name and reason
    (:class:`~briefing.models.Skipped`), so that the user learns why.
    """

    def __init__(self, message: str, skipped: tuple[object, ...] = ()) -> None:
        super().__init__(message)
        self.skipped = skipped


class ConfigError(BriefingError):
    """A configuration file or a combination of settings is wrong."""


class SummarizerError(BriefingError):
    """A summarisation method is unknown or failed."""


class EvaluationError(BriefingError):
    """Evaluation cannot run: ``rouge-score`` is missing or the dataset is unusable."""


class TemplateError(BriefingError):
    """A template is missing or failed to render."""


class DeliveryError(BriefingError):
    """Writing or sending the briefing failed."""


class PartlyRefused(DeliveryError):
    """The server accepted the message for ``accepted`` and refused the others."""

    def __init__(self, message: str, accepted: tuple[str, ...]) -> None:
        super().__init__(message)
        self.accepted = accepted


class AlreadySent(BriefingError):
    """The day's e-mail went to these recipients before: nothing sent (``--force`` resends)."""


class HistoryError(BriefingError):
    """The history of earlier briefings cannot be read or written."""


class ExecutorError(BriefingError):
    """The per-article work cannot run where asked: Dask missing or its scheduler unreachable."""
