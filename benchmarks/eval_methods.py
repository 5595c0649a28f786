"""Print ROUGE for every summarisation method on the CNN/DailyMail dev set.

Run from the repository root: ``python benchmarks/eval_methods.py [--limit N] [--half even|odd]``.
The data lives outside the repository in ``../shared/eval/``; without it this
script says so and skips (exit 0). ``--half`` scores the even or odd rows only:
newsrank's constants were tuned on the even rows, the odd rows confirm them.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from _data import eval_file

ROOT = Path(__file__).resolve().parents[1]
# Run as a script from a checkout, installed or not.
sys.path.insert(0, str(ROOT))

from briefing.evaluate import evaluate, format_table, report_to_json  # noqa: E402
from briefing.summary.key_sentences import METHODS  # noqa: E402


def _half(path: Path, parity: int, folder: Path) -> Path:
    """A copy of the even (0) or odd (1) rows, in a temporary folder outside the repo."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = folder / f"{path.stem}_{'even' if parity == 0 else 'odd'}.jsonl"
    out.write_text("\n".join(lines[parity::2]) + "\n", encoding="utf-8")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--half", choices=("even", "odd"), default=None)
    parser.add_argument("--methods", nargs="*", default=list(METHODS))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    data = eval_file("cnndm_dev.jsonl")
    with tempfile.TemporaryDirectory() as folder:
        path = data if args.half is None else _half(data, args.half == "odd", Path(folder))
        started = time.perf_counter()
        report = evaluate(path, args.methods, limit=args.limit)
        elapsed = time.perf_counter() - started
    if args.json:
        print(json.dumps(report_to_json(report), indent=2))
    else:
        print(format_table(report))
        print(f"({elapsed:.0f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
