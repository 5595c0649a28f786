"""Stage 1, read: every input kind becomes :class:`~briefing.models.Article` values.

``inputs`` chooses a reader by suffix (or ``--input-format``) and collects what each
gives; one module per input kind (``plain``, ``jsonfile``, ``feeds``, ``page``), the
fields every reader fills in ``article``, bytes to text in ``decode``, and the web
(``http`` fetches, ``web`` turns what was fetched into articles).
"""

from __future__ import annotations

from briefing.readers.inputs import FORMATS, READERS, ReadResult, read_inputs

__all__ = ["FORMATS", "READERS", "ReadResult", "read_inputs"]
