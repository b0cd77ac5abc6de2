"""Screenshots of the HTML views for the README (run by hand after changing the views).

    python docs/make_screenshots.py [--out docs/screenshots]

Builds the five seed pages (``../shared/seeds``) into a temporary folder and takes the
report, a paper page, a concept page and the overview at 1400 px and 400 px wide in
Debian's headless Chromium, each once the page says it is rendered and laid out.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
VIEWS = {
    "report": "index.html",
    "paper": "paper.html#title:graphmambatowardslearningongraphswithstatespacemodels",
    "concept": "concept.html#diffusion-model",
    "overview": "graph.html",
}
READY = (
    "document.body.dataset.ready === 'true' && (!document.querySelector('.network')"
    " || document.body.dataset.stabilized === 'true')"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        build = Path(folder)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "paperkg",
                "build",
                *sorted(map(str, SEEDS.glob("*.txt"))),
                "--out",
                str(build),
                "--quiet",
            ],
            check=True,
        )
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
            )
            for name, view in VIEWS.items():
                for width in (1400, 400):
                    page = browser.new_page(viewport={"width": width, "height": 900})
                    page_name, _, anchor = view.partition("#")
                    page.goto((build / page_name).as_uri() + (f"#{anchor}" if anchor else ""))
                    start = time.perf_counter()
                    while not page.evaluate(READY):
                        if time.perf_counter() - start > 60:
                            raise SystemExit(f"{view} never became ready")
                        time.sleep(0.05)
                    shot = args.out / f"{name}-{width}.png"
                    page.screenshot(path=str(shot))
                    print(shot.relative_to(ROOT))
                    page.close()
            browser.close()


if __name__ == "__main__":
    main()
