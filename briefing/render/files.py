"""Writing output files atomically: readers see the old file or the whole new one, never half.

Each file is written to a hidden temporary file beside it (``.NAME.XXXXXXXX.tmp``) and
renamed over it; a build killed in between leaves that temporary file behind, which
:func:`briefing.state.remove_stale_temps` removes on a later run.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from briefing.errors import DeliveryError

__all__ = ["write_atomic"]


def write_atomic(path: Path, text: str | bytes) -> Path:
    """Write ``path`` so that readers see the old file or the whole new one, never half."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(
            prefix="." + path.name + ".", suffix=".tmp", dir=path.parent
        )
        try:
            # mkstemp makes the file private (0600); a briefing is meant to be read.
            os.chmod(temp, 0o644 & ~_umask())
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise DeliveryError(f"{path}: cannot write ({error.strerror or error})") from None
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
