"""Time the web check: RSS and Atom feeds of teasers on a loopback site, with a dead link
and a page that never answers, built with the default fetch settings. Prints seconds.

    python benchmarks/web_check.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.conftest import WebSite, run_cli  # noqa: E402
from tests.test_web_build import serve_site  # noqa: E402


def main() -> None:
    site = WebSite()
    site.thread.start()
    try:
        rss, atom = serve_site(site)
        with tempfile.TemporaryDirectory() as folder:
            for run in ("first run", "second run (conditional GET, cache)"):
                start = time.perf_counter()
                done = run_cli(
                    "build", rss, atom, "--date", "2025-04-04", "-f", "json", "-o", folder
                )
                took = time.perf_counter() - start
                print(f"{run}: {took:.1f} s, exit {done.returncode}")
                for line in done.stderr.splitlines():
                    print("   ", line)
    finally:
        site.stop.set()
        site.server.shutdown()
        site.server.server_close()


if __name__ == "__main__":
    main()
