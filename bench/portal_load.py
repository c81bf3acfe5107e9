"""The portal under load: N townships (default 20) upload one .docx each (the five seeds in
turn) at the same moment to a real `fzlint serve` on 127.0.0.1, started here on a free port with
a fresh data folder; the time from each upload to its checked page, and the whole wave.  Bounded
and self-stopping (one upload per township, deadlines on every wait; the server is stopped at the
end).  Appends one line to bench/PORTAL.md with --write.

    .venv/bin/python bench/portal_load.py [-n 20] [--write]
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from portal_client import Server, load   # noqa: E402
from util import seed_text               # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=20)
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    seeds = ("000", "001", "002", "003", "004")
    with tempfile.TemporaryDirectory() as tmp:
        server = Server(Path(tmp) / "data")
        try:
            res = load(server, args.n, text_of=lambda i: seed_text(seeds[i % 5]))
        finally:
            server.stop()
    ok = sum(r["ok"] for r in res["results"].values())
    apart = all(r["listed"] == [r["pid"]] for r in res["results"].values())
    rev = subprocess.run(["git", "-C", str(HERE.parent), "rev-parse", "--short", "HEAD"],
                         capture_output=True, text=True).stdout.strip()
    line = (f"| {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC | {rev} | {os.cpu_count()} cores, "
            f"Python {platform.python_version()} | {res['n']} | {ok}/{res['n']} | "
            f"{'yes' if apart else 'NO'} | {res['median']:.1f} s | {res['max']:.1f} s | "
            f"{res['wall']:.1f} s | {res['wall'] / res['n']:.2f} s |")
    print(line)
    if args.write:
        out = HERE / "PORTAL.md"
        if not out.exists():
            out.write_text(
                "# The portal under load (bench/portal_load.py)\n\n"
                "N townships upload one .docx (a seed report) each at the same moment to `fzlint serve` "
                "on 127.0.0.1 (checks in its pool of 2 worker processes). Per upload: seconds from "
                "sending the file to its checked page (queue wait included).\n\n"
                "| when | commit | machine | N | checked | each sees only its own | per upload, median "
                "| per upload, slowest | whole wave | wave ÷ N |\n"
                "|---|---|---|---:|---:|---|---:|---:|---:|---:|\n", encoding="utf-8")
        with open(out, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")


if __name__ == "__main__":
    main()
