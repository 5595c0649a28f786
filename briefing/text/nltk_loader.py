"""Import NLTK without SciPy in the ``briefing`` command.

NLTK's package ``__init__`` imports its collocation statistics and parsers, which
import SciPy when it happens to be installed: about half a second, for code we never
call (we use Punkt only). NLTK supports running without SciPy (it catches the
ImportError and leaves those statistics out), so the command imports NLTK as if SciPy
were absent. Only the command does this (:func:`in_the_command`), in its own process
and the workers it forks: a program using ``briefing`` as a library keeps NLTK whole.
NLTK itself is imported when a text is first split (:func:`import_nltk`), not at
start-up: the main process of a build whose workers split the texts never needs it.
"""

from __future__ import annotations

import sys

__all__ = ["import_nltk", "import_nltk_without_scipy", "in_the_command"]

_BLOCKED = "scipy"
_COMMAND: list[bool] = []


def in_the_command() -> None:
    """From here on, this process (and every process it forks) imports NLTK without SciPy."""
    _COMMAND[:] = [True]


def import_nltk() -> None:
    """Import ``nltk``: without SciPy in the command (see :func:`in_the_command`)."""
    if _COMMAND:
        import_nltk_without_scipy()
    else:
        import nltk  # noqa: F401


def import_nltk_without_scipy() -> None:
    """Import ``nltk`` with SciPy unavailable, unless either is loaded already."""
    if "nltk" in sys.modules or _BLOCKED in sys.modules:
        return
    # A None entry makes ``import scipy.stats`` raise ImportError (see the import system's
    # documentation of sys.modules); it is removed at once, so SciPy stays importable.
    sys.modules[_BLOCKED] = None  # type: ignore[assignment]
    try:
        import nltk  # noqa: F401
    finally:
        if sys.modules.get(_BLOCKED, 0) is None:
            del sys.modules[_BLOCKED]
