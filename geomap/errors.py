"""Exceptions of geomap: one root, leaves that also inherit the builtin they resemble.

Library code raises these; only the CLI turns them into messages and exit codes.
"""
from __future__ import annotations

__all__ = [
    "GeomapError",
    "ArticleError",
    "GazetteerError",
    "GazetteerNotFound",
    "GeocoderError",
    "GeocoderUnavailable",
    "StoreError",
    "StoreLocked",
    "FrontlineError",
]


class GeomapError(Exception):
    """Root of every error geomap raises on purpose."""


class ArticleError(GeomapError, ValueError):
    """An input could not be read as an article (missing, empty, binary, bad encoding, malformed JSON)."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class GazetteerError(GeomapError):
    """The gazetteer data is missing, corrupt or could not be built."""


class GazetteerNotFound(GazetteerError, FileNotFoundError):
    """A gazetteer file or source was not found."""


class GeocoderError(GeomapError, OSError):
    """The fallback geocoder failed."""


class GeocoderUnavailable(GeocoderError, ConnectionError):
    """The fallback geocoder cannot be reached (offline, down, refused)."""


class StoreError(GeomapError):
    """The event store could not be opened, migrated or written."""


class StoreLocked(StoreError, TimeoutError):
    """Another refresh holds the store's lock."""


class FrontlineError(GeomapError, ValueError):
    """A front-line file or archive could not be read."""
