"""Which language detector: accuracy and speed of three offline libraries on news text.

Run from the repository root:  python benchmarks/compare_language_detection.py

Compares py3langid (the one ``briefing`` uses), lingua-language-detector and langdetect
(seeded) when they are installed (``pip install lingua-language-detector langdetect``;
a missing one is skipped). The texts: English from ../shared/eval (CNN/DM articles,
and their single sentences) and the golden splitting cases in tests/text/golden
(en, de, fr, es, it, pt, nl), single sentences and the cases of a language joined
into paragraphs of five. Prints accuracy per kind of text and the median time per call.
Not a test: pytest does not collect this directory.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from _data import EVAL

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "text" / "golden"
LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl")

Detector = Callable[[str], str]


def golden_sentences() -> dict[str, list[str]]:
    """Every cased sentence of the golden cases, by language."""
    out: dict[str, list[str]] = {}
    for path in sorted(GOLDEN.glob("sentences-*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        found = out.setdefault(data["language"], [])
        for rule, cases in data["cases"].items():
            if rule == "uncased":
                continue
            for case in cases:
                found.extend(case if isinstance(case, list) else case["sentences"])
    return out


def samples() -> dict[str, list[tuple[str, str]]]:
    """(language, text) pairs by kind: sentences, paragraphs, articles."""
    by_language = golden_sentences()
    sentences = [(lang, s) for lang, found in by_language.items() for s in found if len(s) > 20]
    paragraphs = [
        (lang, " ".join(found[i : i + 5]))
        for lang, found in by_language.items()
        for i in range(0, len(found) - 4, 5)
    ]
    kinds = {"sentences (>20 chars)": sentences, "paragraphs of 5": paragraphs}
    cnndm = EVAL / "cnndm_dev.jsonl"
    if cnndm.is_file():
        rows = [json.loads(line) for line in cnndm.read_text(encoding="utf-8").splitlines()]
        kinds["CNN/DM articles (en)"] = [("en", r["text"]) for r in rows[:100]]
        kinds["CNN/DM articles lower-cased (en)"] = [("en", r["text"].lower()) for r in rows[:100]]
    return kinds


def detectors() -> dict[str, Detector]:
    found: dict[str, Detector] = {}
    try:
        from briefing.text.language import detect_language

        found["briefing (py3langid, first 1,000 chars)"] = lambda text: detect_language(text)
    except ImportError:  # pragma: no cover
        pass
    try:
        import py3langid

        found["py3langid 0.4 (all 97 languages)"] = lambda text: str(py3langid.classify(text)[0])
    except ImportError:
        print("py3langid not installed: skipped", file=sys.stderr)
    try:
        from lingua import LanguageDetectorBuilder

        builder = LanguageDetectorBuilder.from_all_languages()
        lingua = builder.with_preloaded_language_models().build()

        def by_lingua(text: str) -> str:
            found = lingua.detect_language_of(text)
            return found.iso_code_639_1.name.lower() if found else "und"

        found["lingua (all 75 languages, high accuracy)"] = by_lingua
    except ImportError:
        print("lingua-language-detector not installed: skipped", file=sys.stderr)
    try:
        import langdetect

        langdetect.DetectorFactory.seed = 0

        def by_langdetect(text: str) -> str:
            try:
                return str(langdetect.detect(text)).split("-")[0]
            except langdetect.LangDetectException:
                return "und"

        found["langdetect 1.0.9 (seed 0)"] = by_langdetect
    except ImportError:
        print("langdetect not installed: skipped", file=sys.stderr)
    return found


def main() -> None:
    kinds = samples()
    for name, detect in detectors().items():
        detect("warm up the model once")
        print(name)
        for kind, texts in kinds.items():
            right = 0
            times = []
            for lang, text in texts:
                start = time.perf_counter()
                got = detect(text)
                times.append(time.perf_counter() - start)
                right += got == lang
            print(
                f"  {kind:34} {right:4}/{len(texts):<4} {100 * right / len(texts):5.1f}%"
                f"  median {1000 * statistics.median(times):7.3f} ms/text"
            )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
