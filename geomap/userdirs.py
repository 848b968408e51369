"""Where geomap keeps per-user files: ``$GEOMAP_HOME`` when set, else the platform's user folders."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

__all__ = ["user_dir"]


def user_dir(kind: Literal["data", "config", "cache"]) -> Path:
    """The folder for the full gazetteer (``data``), the geocoder's settings (``config``) or its cache (``cache``).

    ``$GEOMAP_HOME`` holds all three when set (tests and servers point it at one folder).
    """
    home = os.environ.get("GEOMAP_HOME")
    if home:
        return Path(home)
    import platformdirs  # imported here: only the commands that need a user folder pay for it

    return Path({"data": platformdirs.user_data_dir, "config": platformdirs.user_config_dir,
                 "cache": platformdirs.user_cache_dir}[kind]("geomap"))
