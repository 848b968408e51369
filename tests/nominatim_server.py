"""A Nominatim-shaped ``/search`` server on 127.0.0.1, for testing the geopy fallback without the internet.

Its places come from the GeoNames dump in ../shared/data/geonames-ua (populated places, every alternate name),
or from a list given by the test. It answers ``/search?q=NAME[, ADMIN1][, COUNTRY]&format=json`` like
Nominatim: a JSON list of ``{place_id, lat, lon, display_name, class, type, addresstype, importance}``
with lat/lon as strings, ``[]`` when nothing matches.

Modes (``server.mode``, changeable while running):

``"normal"``
    answer at once;
``"slow"``
    sleep ``server.slow_seconds`` before answering (a client with a shorter timeout times out);
``"429"``
    answer ``429 Too Many Requests`` with ``Retry-After: server.retry_after`` to the next
    ``server.limit_count`` requests, then normally;
``"down"``
    :meth:`NominatimServer.down` closes the listening socket: connections are refused on the same port.

``server.queries`` records every query received, ``server.requests`` its path, parameters and user agent.
Run it by hand with ``python tests/nominatim_server.py [PORT]``.
"""

from __future__ import annotations

import gzip
import json
import socket
import sys
import threading
import time
import unicodedata
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

GEONAMES = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "geonames-ua" / "UA.txt.gz"

_TYPES = {
    "PPLC": "city",
    "PPLA": "city",
    "PPLA2": "town",
    "PPLA3": "town",
    "PPLA4": "village",
    "PPL": "village",
    "PPLX": "suburb",
    "PPLL": "hamlet",
    "PPLF": "hamlet",
    "PPLQ": "locality",
    "PPLW": "locality",
    "PPLH": "locality",
    "PPLS": "hamlet",
    "PPLR": "hamlet",
}


def fold(text: str) -> str:
    """Lower case, accents off, apostrophes and hyphens unified: the key names are matched on."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    for a in "’ʼ`´'-":
        text = text.replace(a, " " if a == "-" else "")
    return " ".join(text.split())


class Index:
    """Places by folded name, the most populous first."""

    def __init__(self, places: list[dict]):
        self.places = places
        self.by_name: dict[str, list[dict]] = {}
        for p in places:
            for n in {fold(x) for x in [p["name"], *p.get("alternates", [])] if x}:
                self.by_name.setdefault(n, []).append(p)
        for lst in self.by_name.values():
            lst.sort(key=lambda p: -(p.get("population") or 0))

    @classmethod
    def from_geonames(cls, path: Path = GEONAMES) -> Index:
        """Populated places (feature class P) with their oblast names from the ADM1 rows."""
        admin1: dict[str, str] = {}
        rows = []
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                c = line.rstrip("\n").split("\t")
                if len(c) < 15:
                    continue
                if c[7] == "ADM1":
                    admin1[c[10]] = c[1]
                elif c[6] == "P":
                    rows.append(c)
        places = [
            {
                "id": int(c[0]),
                "name": c[1],
                "alternates": [c[2], *c[3].split(",")],
                "lat": float(c[4]),
                "lon": float(c[5]),
                "type": _TYPES.get(c[7], "village"),
                "admin1": admin1.get(c[10]),
                "population": int(c[14] or 0),
            }
            for c in rows
        ]
        return cls(places)

    def search(self, q: str) -> list[dict]:
        parts = [p.strip() for p in q.split(",") if p.strip()]
        if not parts:
            return []
        found = self.by_name.get(fold(parts[0]), [])
        hints = [fold(p) for p in parts[1:] if fold(p) not in ("ukraine", "україна")]
        if hints:
            # "Donetsk Oblast" matches GeoNames' "Donetska Oblast": compare the oblasts' first five letters
            stems = [h.split()[0][:5] for h in hints]
            narrowed = [
                p for p in found if p["admin1"] and any(fold(p["admin1"]).startswith(s) for s in stems)
            ]
            found = narrowed or found
        return found


class _Handler(BaseHTTPRequestHandler):
    server: NominatimServer

    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        srv = self.server
        url = urlsplit(self.path)
        params = parse_qs(url.query)
        q = params.get("q", [""])[0]
        with srv.lock:
            srv.queries.append(q)
            srv.requests.append(
                {
                    "path": self.path,
                    "user_agent": self.headers.get("User-Agent"),
                    "params": {k: v[0] for k, v in params.items()},
                }
            )
            mode = srv.mode
            limited = mode == "429" and srv.limit_count > 0
            if limited:
                srv.limit_count -= 1
        if url.path.rstrip("/") not in ("/search", ""):
            self._send(404, b"[]")
            return
        if limited:
            self._send(429, b'{"error": "Too Many Requests"}', {"Retry-After": str(srv.retry_after)})
            return
        if mode == "slow":
            time.sleep(srv.slow_seconds)
        limit = int(params.get("limit", ["10"])[0] or 10)
        codes = {c.strip().lower() for c in params.get("countrycodes", [""])[0].split(",") if c.strip()}
        found = srv.index.search(q) if (not codes or "ua" in codes) else []
        body = [
            {
                "place_id": p["id"],
                "lat": f"{p['lat']:.7f}",
                "lon": f"{p['lon']:.7f}",
                "display_name": ", ".join(x for x in (p["name"], p["admin1"], "Ukraine") if x),
                "class": "place",
                "type": p["type"],
                "addresstype": p["type"],
                "importance": 0.5,
            }
            for p in found[:limit]
        ]
        self._send(200, json.dumps(body, ensure_ascii=False).encode("utf-8"))

    def _send(self, status: int, body: bytes, headers: dict | None = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client timed out and left
            pass


class NominatimServer(ThreadingHTTPServer):
    """The server; use :func:`serve` to run it in a thread."""

    daemon_threads = True

    def __init__(self, index: Index, port: int = 0):
        super().__init__(("127.0.0.1", port), _Handler)
        self.index = index
        self.lock = threading.Lock()
        self.queries: list[str] = []
        self.requests: list[dict] = []
        self.mode = "normal"
        self.slow_seconds = 3.0
        self.retry_after = 1
        self.limit_count = 1
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self.server_address[1]

    @property
    def domain(self) -> str:
        """What geopy's ``Nominatim(domain=..., scheme="http")`` needs."""
        return f"127.0.0.1:{self.port}"

    def start(self) -> NominatimServer:
        self._thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def down(self) -> None:
        """Stop answering and close the socket: the port now refuses connections."""
        if self._thread is not None:
            self.shutdown()
            self._thread.join(5)
            self._thread = None
        self.server_close()
        self.mode = "down"


def free_port() -> int:
    """A port on 127.0.0.1 nothing listens on (connections to it are refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(argv: list[str]) -> None:
    port = int(argv[1]) if len(argv) > 1 else 8080
    srv = NominatimServer(Index.from_geonames(), port)
    print(
        f"Nominatim-shaped server on http://{srv.domain}/search?q=… ({len(srv.index.places)} places)",
        file=sys.stderr,
    )
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        srv.server_close()


if __name__ == "__main__":
    main(sys.argv)
