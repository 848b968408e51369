"""``python -m geomap`` is the ``geomap`` command."""
from geomap.cli import main

if __name__ == "__main__":
    main()
