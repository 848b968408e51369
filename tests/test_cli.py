"""The command line of ../shared/CONTRACT.md: help for every command, output formats, exit codes."""
from __future__ import annotations

import csv
import io
import json

import click
import pytest
from click.testing import CliRunner

from geomap.cli import cli
from geomap.records import FIELDS


def _commands(group: click.Group, prefix=()):
    for name, cmd in group.commands.items():
        yield prefix + (name,), cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, prefix + (name,))


@pytest.mark.parametrize("path", [p for p, _ in _commands(cli)], ids=lambda p: " ".join(p))
def test_every_command_has_help(path):
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    cmd = cli
    for name in path:
        cmd = cmd.commands[name]
    assert cmd.help and len(cmd.help.strip()) > 40, f"{' '.join(path)} needs a real help text"
    assert "Usage: " in result.output


def test_top_level_help_lists_every_contract_command():
    out = CliRunner().invoke(cli, ["--help"]).output
    for name in ("map", "extract", "geojson", "resolve", "refresh", "gazetteer"):
        assert name in out


@pytest.fixture
def seed_copy(tmp_path, seed_path):
    p = tmp_path / "seed.txt"
    p.write_bytes(seed_path.read_bytes())
    return p


def test_extract_jsonl_is_contract_shaped(seed_copy):
    result = CliRunner().invoke(cli, ["extract", str(seed_copy), "--format", "jsonl"])
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert len(records) == 3
    assert all(list(r) == list(FIELDS) for r in records)
    assert all(r["record_type"] == "event" for r in records)


def test_extract_json_and_csv_and_mentions(seed_copy):
    runner = CliRunner()
    as_json = json.loads(runner.invoke(cli, ["extract", str(seed_copy), "--format", "json", "--mentions"]).stdout)
    assert {r["record_type"] for r in as_json} == {"event", "mention"}
    rows = list(csv.DictReader(io.StringIO(runner.invoke(cli, ["extract", str(seed_copy), "--format", "csv"]).stdout)))
    assert len(rows) == 3 and list(rows[0]) == list(FIELDS)
    assert json.loads(rows[0]["gazetteer_ids"])["geonames"] == 703448


def test_bad_inputs_exit_1_and_the_rest_is_processed(tmp_path, seed_copy):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02")
    (tmp_path / "latin1.txt").write_bytes(b"Frappe sur Kharkiv, caf\xe9")
    result = CliRunner().invoke(cli, ["extract", str(tmp_path / "empty.txt"), str(tmp_path / "binary.txt"),
                                      str(tmp_path / "latin1.txt"), str(tmp_path / "missing.txt"), str(seed_copy)])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("geomap: error:")]
    assert len(errors) == 4
    for name, reason in (("empty.txt", "empty"), ("binary.txt", "binary"), ("latin1.txt", "UTF-8"),
                         ("missing.txt", "no such file")):
        assert any(name in e and reason in e for e in errors), (name, errors)
    assert len([line for line in result.stdout.splitlines() if line.strip()]) == 3


def test_verbose_extract_says_which_gazetteer_and_how_to_get_the_full_one(seed_copy):
    result = CliRunner().invoke(cli, ["-v", "extract", str(seed_copy)])
    assert result.exit_code == 0
    assert "gazetteer: bundled" in result.stderr and "geomap gazetteer update --hostilities" in result.stderr
    assert "gazetteer: bundled" not in CliRunner().invoke(cli, ["extract", str(seed_copy)]).stderr


def test_usage_errors_exit_2():
    assert CliRunner().invoke(cli, ["extract"]).exit_code == 2
    assert CliRunner().invoke(cli, ["extract", "x", "--format", "xml"]).exit_code == 2


def test_geojson_to_stdout(seed_copy):
    result = CliRunner().invoke(cli, ["geojson", str(seed_copy)])
    assert result.exit_code == 0
    fc = json.loads(result.stdout)
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 3
    assert "crs" not in fc
    lon, lat = fc["features"][0]["geometry"]["coordinates"]
    assert (round(lat, 2), round(lon, 2)) == (50.45, 30.52)


def test_map_writes_html_and_geojson(tmp_path, seed_copy):
    out = tmp_path / "maps"
    result = CliRunner().invoke(cli, ["map", str(seed_copy), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["seed.geojson", "seed.html"]
    assert result.stdout.split() == [str(out / "seed.html"), str(out / "seed.geojson")]


def test_resolve_json_candidates():
    result = CliRunner().invoke(cli, ["resolve", "Kostiantynivka", "--json"])
    data = json.loads(result.stdout)
    assert data["query"] == "Kostiantynivka"
    first = data["candidates"][0]
    assert first["admin1"] == "Donetsk Oblast" and first["kind"] == "city"
    assert len(data["candidates"]) >= 30
    for key in ("name", "name_native", "kind", "admin1", "admin2", "admin3", "country", "latitude", "longitude",
                "population", "geo_precision", "gazetteer_ids", "score"):
        assert key in first


def test_resolve_with_context():
    result = CliRunner().invoke(cli, ["resolve", "Predtetchyné", "--context", "aux portes de Kostiantynivka",
                                      "--json"])
    first = json.loads(result.stdout)["candidates"][0]
    assert first["name"] == "Predtechyne" and first["admin1"] == "Donetsk Oblast"


def test_stdin(seed_path):
    result = CliRunner().invoke(cli, ["extract", "-"], input=seed_path.read_bytes())
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 3
