"""Streaming outputs: text, json, concise and github are written file by file, so a batch is
never held whole; the joined pieces are exactly what render() gives."""

import json

import pytest

from checker import reports
from util import check_file, run_cli, seed_path

SEEDS = ["000", "002", "004"]


def results():
    return [check_file(seed_path(s)) for s in SEEDS]


@pytest.mark.parametrize("fmt", ["text", "json", "concise", "github"])
def test_stream_consumes_one_result_at_a_time(fmt):
    module = reports.get(fmt)
    ctx = reports.Context(version="x")
    taken = []

    def lazy():
        for r in results():
            taken.append(r.path)
            yield r

    pieces = module.stream(lazy(), ctx)
    seen = ""
    while len(taken) < 2:
        seen += next(pieces)
    # by the time the second draft is asked for, the first one's findings are already out
    assert str(seed_path("000")) in seen
    rest = "".join(pieces)
    assert seen + rest == module.render(results(), ctx)


def test_streamed_json_is_the_documented_shape_even_for_no_files():
    ctx = reports.Context(version="x")
    empty = json.loads(reports.get("json").render([], ctx))
    assert empty["files"] == [] and empty["summary"]["files"] == 0
    full = json.loads(reports.get("json").render(results(), ctx))
    assert [f["path"] for f in full["files"]] == [str(seed_path(s)) for s in SEEDS]
    assert full["summary"]["findings"] == sum(len(f["findings"]) for f in full["files"])


def test_cli_streams_to_a_file_and_still_ends_with_the_table(tmp_path):
    out = tmp_path / "report.txt"
    proc = run_cli("check", *[seed_path(s) for s in SEEDS], "-o", out)
    assert proc.returncode == 1 and proc.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert "各草稿问题统计" in text and text.count("合计（3 份草稿）") == 1
    empty = tmp_path / "empty.txt"
    assert run_cli("check", seed_path("002"), "--select", "FZ999", "-o", empty).returncode == 0
    assert empty.exists()
