"""geomap: located, attributed conflict events from Russia–Ukraine war news.

Data flows one way: article → place mentions → resolved places → events → store → map / GeoJSON → refresh.
"""
from __future__ import annotations

__version__ = "0.1.0"

from geomap.errors import GeomapError

__all__ = ["__version__", "GeomapError"]
