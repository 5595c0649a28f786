"""Start-up: import NLTK without SciPy in the ``briefing`` command.

NLTK's package ``__init__`` imports its collocation statistics and parsers, which
import SciPy when it happens to be installed: about half a second, for code we never
call (we use Punkt and the Snowball stemmer only). NLTK supports running
without SciPy (it catches the ImportError and leaves those statistics out), so the
command imports NLTK as if SciPy were absent. Only the command does this, in its
own process: a program using ``briefing`` as a library keeps NLTK whole.
"""

from __future__ import annotations

import sys

__all__ = ["import_nltk_without_scipy"]

_BLOCKED = "scipy"


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
