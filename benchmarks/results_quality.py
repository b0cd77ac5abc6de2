"""Precision and recall of result extraction on the seed pages' result gold.

The gold (``tests/fixtures/results_gold.jsonl``, made by hand from the five seed
pages; see ``results_gold.md``) lists every paper's result statements. A predicted
result matches a gold one of the same paper when their numbers are equal and, where
the gold names a dataset, the datasets agree (one name contains the other, ignoring
case, spaces and punctuation); matching is one to one. The papers fall in two fixed
halves by a hash of their title: read one half's errors, report the other.

    .venv/bin/python benchmarks/results_quality.py            # both halves
    .venv/bin/python benchmarks/results_quality.py --errors A # and half A's errors
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "fixtures" / "results_gold.jsonl"
SEEDS = ROOT.parent / "shared" / "seeds"


def half_of(title: str) -> str:
    """The fixed half a paper belongs to: A or B."""
    return "AB"[hashlib.sha256(title.encode()).digest()[0] % 2]


def _name(text: str | None) -> str:
    return re.sub(r"[\W_]+", "", (text or "").casefold())


def matches(predicted: dict, gold: dict) -> bool:
    """Same number and, where the gold names a dataset, an agreeing one."""
    if Decimal(str(predicted["number"])) != Decimal(str(gold["number"])):
        return False
    if not gold.get("dataset"):
        return True
    mine, theirs = _name(predicted.get("dataset")), _name(gold["dataset"])
    return bool(mine) and (mine in theirs or theirs in mine)


def score(predictions: dict[str, list[dict]], gold: dict[str, list[dict]]) -> dict[str, Counter]:
    """True positives, false positives and false negatives per half and per gold kind."""
    counts: dict[str, Counter] = {"A": Counter(), "B": Counter()}
    for title, expected in gold.items():
        found = list(predictions.get(title, []))
        tally = counts[half_of(title)]
        for item in expected:
            hit = next((p for p in found if matches(p, item)), None)
            if hit is None:
                tally["fn"] += 1
                tally[f"fn:{item['kind']}"] += 1
            else:
                found.remove(hit)
                tally["tp"] += 1
                tally[f"tp:{item['kind']}"] += 1
        tally["fp"] += len(found)
    return counts


def predict(inputs: list[Path]) -> dict[str, list[dict]]:
    """``paperkg extract`` over the inputs: each title's results."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "pred.jsonl"
        command = [sys.executable, "-m", "paperkg", "extract", "-q", "--out", str(out)]
        subprocess.run([*command, *map(str, inputs)], check=True)
        lines = out.read_text(encoding="utf-8").splitlines()
    return {(row := json.loads(line))["title"]: row["results"] for line in lines}


def load_gold(path: Path = GOLD) -> dict[str, list[dict]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return {row["title"]: row["results"] for row in rows}


def precision_recall(tally: Counter) -> tuple[float, float]:
    tp, fp, fn = tally["tp"], tally["fp"], tally["fn"]
    return (tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--errors", choices=["A", "B"], help="print this half's misses")
    args = parser.parse_args()
    gold = load_gold()
    predictions = predict(sorted(SEEDS.glob("*.txt")))
    counts = score(predictions, gold)
    total = counts["A"] + counts["B"]
    for name, tally in (*counts.items(), ("all", total)):
        precision, recall = precision_recall(tally)
        kinds = " ".join(
            f"{kind} {tally[f'tp:{kind}']}/{tally[f'tp:{kind}'] + tally[f'fn:{kind}']}"
            for kind in ("absolute", "improvement", "speedup", "other")
        )
        print(
            f"half {name:<3} P {precision:.3f}  R {recall:.3f}  "
            f"(tp {tally['tp']}, fp {tally['fp']}, fn {tally['fn']}; found by gold kind: {kinds})"
        )
    if args.errors:
        for title, expected in gold.items():
            if half_of(title) != args.errors:
                continue
            found = list(predictions.get(title, []))
            missed = []
            for item in expected:
                hit = next((p for p in found if matches(p, item)), None)
                if hit is None:
                    missed.append(item)
                else:
                    found.remove(hit)
            if missed or found:
                print(f"\n## {title}")
                for item in missed:
                    print(f"  FN {item['value']!s:>8} {item['kind']:<11} ds={item.get('dataset')}")
                for item in found:
                    print(
                        f"  FP {item['value']!s:>8} {item['kind']:<11} ds={item.get('dataset')}"
                        f"  | {item['evidence'][:160]}"
                    )


if __name__ == "__main__":
    main()
