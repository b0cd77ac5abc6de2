"""Extraction quality on every gold set in ../shared/eval, in one table.

Run by hand (not a test):

    python benchmarks/extraction_quality.py              # the table
    python benchmarks/extraction_quality.py --errors dev-A   # one development half's errors

The honest loop (issue "Extraction that generalises"): the dev gold and the ACL dev
gold are each cut into two fixed halves by a hash of the title (``score.py --half``).
Half A is for development: its errors may be read (``--errors dev-A``, ``--errors
acl-A``). Half B is validation: only its figures are printed, never its errors, and a
change is kept only when it helps the B halves. TDMSci (sentences from NLP papers
with task and dataset mentions) is an independent typing check: recall of datasets and
tasks typed right, and found under any type. "alias splits" counts the dev gold's
entities written in two or more ways whose forms the extractor gives to two or more
entities of the paper (one concept under two names).

Every run extracts with ``paperkg extract`` as a user would, so the figures are the
command's, not a library shortcut's.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
EVAL = SHARED / "eval"
CONCEPTS = ("method", "architecture", "dataset", "task")
GOLD_KEYS = {
    "methods": "method",
    "architectures": "architecture",
    "datasets": "dataset",
    "tasks": "task",
}


def scorer() -> ModuleType:
    """``../shared/eval/score.py`` as a module: the figures are the scorer's own."""
    spec = importlib.util.spec_from_file_location("score", EVAL / "score.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {EVAL / 'score.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def extract(inputs: list[Path]) -> list[dict]:
    """``paperkg extract`` over ``inputs``, its JSON Lines parsed."""
    with tempfile.NamedTemporaryFile("r", suffix=".jsonl") as out:
        command = [
            sys.executable,
            "-m",
            "paperkg",
            "extract",
            *map(str, inputs),
            "--out",
            out.name,
            "--jobs",
            "1",
        ]
        subprocess.run(command, check=True, capture_output=True)
        return [json.loads(line) for line in Path(out.name).read_text().splitlines() if line]


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def alias_splits(score: ModuleType, gold: list[dict], pred: list[dict]) -> tuple[int, int]:
    """(split, written in several ways): gold entities whose forms the extractor
    gives to more than one entity of the paper."""
    by_title = {score.title_key(row["title"]): row for row in pred}
    split = groups = 0
    for paper in gold:
        row = by_title.get(score.title_key(paper["title"]), {"entities": []})
        owners = [
            (entity["key"], score.forms([entity["name"], *entity["surface"]]))
            for entity in row["entities"]
            if entity["type"] in CONCEPTS
        ]
        for key in GOLD_KEYS:
            for entity in paper[key]:
                if len(entity) < 2:
                    continue
                groups += 1
                wanted = score.forms(entity)
                split += len({owner for owner, found in owners if found & wanted}) > 1
    return split, groups


def row(name: str, result: dict, splits: tuple[int, int] | None = None) -> str:
    cells = [f"{result[k]['f1']:.3f}" for k in ("concept", *CONCEPTS, "proposed")]
    concept = result["concept"]
    extra = f"{concept['precision']:.3f}/{concept['recall']:.3f}"
    split = f"{splits[0]}/{splits[1]}" if splits else ""
    return f"{name:<12}" + "".join(f"{c:>8}" for c in cells) + f"{extra:>13}{split:>9}"


def typed_recall(score: ModuleType, gold: list[dict], pred: list[dict]) -> dict[str, tuple]:
    """Recall of each type's gold entities found with that type, and found under any."""
    by_title = {score.title_key(row["title"]): row for row in pred}
    counts: dict[str, list[int]] = {t: [0, 0, 0] for t in CONCEPTS}  # typed, any, gold
    for paper in gold:
        entities = by_title.get(score.title_key(paper["title"]), {"entities": []})["entities"]
        for key, kind in GOLD_KEYS.items():
            wanted = [score.forms(e) for e in paper[key]]
            typed = [score.forms([e["name"], *e["surface"]]) for e in entities if e["type"] == kind]
            every = [
                score.forms([e["name"], *e["surface"]]) for e in entities if e["type"] in CONCEPTS
            ]
            counts[kind][0] += score.match(wanted, typed)
            counts[kind][1] += score.match(wanted, every)
            counts[kind][2] += len(wanted)
    return {
        t: (c[0] / c[2] if c[2] else 0.0, c[1] / c[2] if c[2] else 0.0, c[2])
        for t, c in counts.items()
    }


def errors(score: ModuleType, gold: list[dict], pred: list[dict]) -> None:
    """Per paper: gold entities missed, predictions matching no gold entity, wrong types."""
    by_title = {score.title_key(row["title"]): row for row in pred}
    for paper in gold:
        entities = by_title.get(score.title_key(paper["title"]), {"entities": []})["entities"]
        entities = [e for e in entities if e["type"] in CONCEPTS]
        found = [score.forms([e["name"], *e["surface"]]) for e in entities]
        lines = []
        used: set[int] = set()
        for key, kind in GOLD_KEYS.items():
            for entity in paper[key]:
                wanted = score.forms(entity)
                hit = next((i for i, f in enumerate(found) if i not in used and f & wanted), None)
                if hit is None:
                    lines.append(f"  MISS  {kind:<12} {' | '.join(entity)}")
                    continue
                used.add(hit)
                if entities[hit]["type"] != kind:
                    lines.append(
                        f"  TYPE  {kind:<12} {' | '.join(entity)}  <- "
                        f"{entities[hit]['type']} ({entities[hit]['rule']})"
                    )
        for key in GOLD_KEYS:
            for entity in paper[key]:
                owners = [
                    e["name"]
                    for e, f in zip(entities, found, strict=True)
                    if f & score.forms(entity)
                ]
                if len(entity) > 1 and len(owners) > 1:
                    lines.append(f"  SPLIT {' | '.join(entity)}  -> {' / '.join(owners)}")
        for i, entity in enumerate(entities):
            if i not in used:
                lines.append(
                    f"  FALSE {entity['type']:<12} {entity['name']}  "
                    f"[{' | '.join(entity['surface'])}] ({entity['rule']})"
                )
        proposed_gold = [score.forms(e) for e in paper["proposed"]]
        for entity in entities:
            forms = score.forms([entity["name"], *entity["surface"]])
            hit = any(forms & g for g in proposed_gold)
            if entity["proposed"] and not hit:
                lines.append(f"  +PROP {entity['name']}")
        for g, names in zip(proposed_gold, paper["proposed"], strict=True):
            if not any(
                e["proposed"] and score.forms([e["name"], *e["surface"]]) & g for e in entities
            ):
                lines.append(f"  -PROP {' | '.join(names)}")
        if lines:
            print(paper["title"])
            print("\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--errors",
        choices=["dev-A", "acl-A"],
        help="print a development half's errors (never a validation half's)",
    )
    args = parser.parse_args()
    score = scorer()
    seeds = extract(sorted((SHARED / "seeds").glob("*.txt")))
    acl = extract([EVAL / "acl_dev" / "input.jsonl"])
    dev_gold = load(EVAL / "dev_gold.jsonl")
    acl_gold = load(EVAL / "acl_dev" / "gold.jsonl")
    if args.errors:
        gold, pred = (dev_gold, seeds) if args.errors == "dev-A" else (acl_gold, acl)
        errors(score, [g for g in gold if score.half_of(g["title"]) == "A"], pred)
        return
    tdmsci = extract([EVAL / "tdmsci_train" / "input.jsonl"])
    print(
        f"{'gold set':<12}"
        + "".join(f"{c:>8}" for c in ("concept", "method", "arch", "dataset", "task", "proposed"))
        + f"{'concept P/R':>13}{'splits':>9}"
    )
    for name, gold, pred in (("dev", dev_gold, seeds), ("acl", acl_gold, acl)):
        for half in ("A", "B"):
            part = [g for g in gold if score.half_of(g["title"]) == half]
            print(row(f"{name} {half}", score.score(part, pred), alias_splits(score, part, pred)))
        print(row(f"{name} all", score.score(gold, pred), alias_splits(score, gold, pred)))
    recall = typed_recall(score, load(EVAL / "tdmsci_train" / "gold.jsonl"), tdmsci)
    for kind in ("dataset", "task"):
        typed, every, total = recall[kind]
        print(
            f"TDMSci train {kind:<8} recall typed {typed:.3f}, any type {every:.3f} ({total} gold)"
        )


if __name__ == "__main__":
    main()
