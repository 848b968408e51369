"""Shared fixtures: the network is blocked (loopback allowed), ../shared data is found by path."""
from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("GEOMAP_SHARED", ROOT.parent / "shared"))
SEED = ROOT / "seeds" / "000_8ee0bf3547f2fd3b.txt"

_LOOPBACK = ("127.", "::1", "localhost")
_real_connect = socket.socket.connect


def _guarded_connect(self, address):
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and (host.startswith(_LOOPBACK) or self.family == getattr(socket, "AF_UNIX", None)):
        return _real_connect(self, address)
    raise OSError(f"tests must not touch the network (tried to connect to {address!r})")


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)


@pytest.fixture(scope="session", autouse=True)
def _isolated_session_home(tmp_path_factory):
    """Module and session fixtures (a loaded gazetteer) are made before any test's own fixtures: they too see an
    empty GEOMAP_HOME, so that the tests run on the bundled gazetteer here as in CI."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GEOMAP_HOME", str(tmp_path_factory.mktemp("geomap_session_home")))
        yield


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Each test sees an empty GEOMAP_HOME unless it sets its own: no full gazetteer leaks in from the user."""
    monkeypatch.setenv("GEOMAP_HOME", str(tmp_path_factory.mktemp("geomap_home")))


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test with the reason when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs {path} (the shared data beside the checkout), which is absent")
    return path


@pytest.fixture
def seed_path() -> Path:
    return SEED
