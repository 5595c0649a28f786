"""What every table of ``briefing.toml`` (``[fetch]``, ``[archive]``) checks first."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from briefing.errors import ConfigError

__all__ = ["table_items"]


def table_items(table: object, keys: Sequence[str], origin: str) -> Iterator[tuple[str, object]]:
    """The keys and values of ``table``, once it is known to be a table of known keys."""
    if not isinstance(table, Mapping):
        raise ConfigError(f"{origin} must be a table (keys: {', '.join(keys)})")
    for key, value in table.items():
        if key not in keys:
            raise ConfigError(f"{origin}: unknown setting {key!r}; known: {', '.join(keys)}")
        yield key, value
