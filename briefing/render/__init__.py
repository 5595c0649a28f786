"""Stage 5, render: Jinja2 templates on an ordered search path, and the formats.

``formats`` renders Markdown, HTML, text and JSON; ``escape`` is the one escaping of
untrusted text for Markdown and of URLs for every format.
"""

from __future__ import annotations

from briefing.render.formats import SUFFIXES, environment, render

__all__ = ["SUFFIXES", "environment", "render"]
