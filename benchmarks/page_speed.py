"""Benchmark of the published site on a phone on a weak connection, page by page, against the budget.

    .venv/bin/python benchmarks/page_speed.py [--site _build/html] [--runs N] [--page PATH ...]

The built site is served as a host serves it (`jobbook serve`'s server: the precompressed `.gz`
files with Content-Encoding: gzip, and cache headers) on a free localhost port, and Lighthouse
(the version pinned in package.json; `npm ci` installs it into node_modules) measures every page
with its default mobile settings: a phone screen, simulated slow 4G and a 4x slower CPU, in the
project's Chromium (`CHROME_PATH`, by default /usr/bin/chromium). Per page it prints the four
scores, first and largest contentful paint, total blocking time and the bytes transferred by the
first view, side by side with the budget (issue 21), and what each page misses. With `--runs N`
each page is measured N times and the median run (by performance score) is printed.

Exit code 0 when every page meets the budget, 1 when a page misses it, 2 when it cannot run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from jobbook.site.serve import SiteHandler, preview_server  # noqa: E402

LIGHTHOUSE = REPO / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")

#: The budget of issue 21, per page.
MIN_SCORE = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
MAX_LCP_SECONDS = 2.5
MAX_TBT_MS = 200
MAX_FIRST_VIEW_KB = 150


def site_pages(site: Path) -> list[str]:
    """Every page of the site (the theme's templates in _static are no pages)."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if not p.relative_to(site).as_posix().startswith("_static/"))


def lighthouse(url: str) -> dict:
    """One Lighthouse run over ``url`` with its default (mobile) settings; its JSON report."""
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    done = subprocess.run(["node", str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout", "--quiet",
                           f"--chrome-flags={CHROME_FLAGS}", f"--only-categories={','.join(CATEGORIES)}"],
                          capture_output=True, text=True, env=env, timeout=600)
    if done.returncode != 0 or not done.stdout.strip():
        raise RuntimeError(f"lighthouse failed on {url}: {done.stderr.strip()[-500:]}")
    return json.loads(done.stdout)


def measures(report: dict) -> dict:
    audits = report["audits"]
    scores = {name: round(100 * (report["categories"][name]["score"] or 0)) for name in CATEGORIES}
    return {**scores,
            "fcp_s": audits["first-contentful-paint"]["numericValue"] / 1000,
            "lcp_s": audits["largest-contentful-paint"]["numericValue"] / 1000,
            "tbt_ms": audits["total-blocking-time"]["numericValue"],
            "kb": audits["total-byte-weight"]["numericValue"] / 1024,
            "failed": sorted(audit for name in CATEGORIES[1:] for audit in failed_audits(report, name))}


def failed_audits(report: dict, category: str) -> list[str]:
    """The audits with weight in ``category`` that did not pass (what keeps its score under 100)."""
    refs = report["categories"][category]["auditRefs"]
    return [ref["id"] for ref in refs if ref.get("weight") and (report["audits"][ref["id"]]["score"] or 0) < 1]


def misses(row: dict) -> list[str]:
    """What of the budget a page's measures miss."""
    missed = [f"{name} {row[name]} < {least}" for name, least in MIN_SCORE.items() if row[name] < least]
    if row["lcp_s"] > MAX_LCP_SECONDS:
        missed.append(f"LCP {row['lcp_s']:.1f} s > {MAX_LCP_SECONDS} s")
    if row["tbt_ms"] > MAX_TBT_MS:
        missed.append(f"TBT {row['tbt_ms']:.0f} ms > {MAX_TBT_MS} ms")
    if row["kb"] > MAX_FIRST_VIEW_KB:
        missed.append(f"first view {row['kb']:.0f} KB > {MAX_FIRST_VIEW_KB} KB")
    return missed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=REPO / "_build" / "html",
                        help="the built site (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page; the median is printed")
    parser.add_argument("--page", action="append", default=[], help="only this page (a path in the site); repeatable")
    args = parser.parse_args(argv)
    site = args.site.resolve()
    if not (site / "index.html").is_file():
        print(f"page_speed: {site} has no built site; run `jobbook build` first", file=sys.stderr)
        return 2
    if not LIGHTHOUSE.is_file() or shutil.which("node") is None:
        print("page_speed: Lighthouse is not installed; run `npm ci` (node_modules/lighthouse)", file=sys.stderr)
        return 2
    pages = args.page or site_pages(site)
    SiteHandler.log_message = lambda *_: None  # the server's line per request would bury the table
    server = preview_server(site, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    version = json.loads((REPO / "node_modules" / "lighthouse" / "package.json").read_text())["version"]
    print(f"Lighthouse {version}, mobile (simulated slow 4G, 4x CPU slowdown), served with gzip by jobbook serve; "
          f"{args.runs} run(s) a page, median by performance")
    print(f"Budget: performance >= {MIN_SCORE['performance']}, accessibility/best practices/SEO 100, "
          f"LCP <= {MAX_LCP_SECONDS} s, TBT <= {MAX_TBT_MS} ms, first view <= {MAX_FIRST_VIEW_KB} KB")
    header = f"{'page':34} {'perf':>4} {'a11y':>4} {'bp':>4} {'seo':>4} {'FCP s':>6} {'LCP s':>6} {'TBT ms':>7} " \
             f"{'KB':>6}  budget"
    print(header)
    print("-" * len(header))
    missed_pages = 0
    try:
        for page in pages:
            runs = [measures(lighthouse(base + page)) for _ in range(args.runs)]
            median_score = statistics.median_low([r["performance"] for r in runs])
            row = next(r for r in runs if r["performance"] == median_score)
            missed = misses(row)
            missed_pages += bool(missed)
            verdict = "met" if not missed else "missed: " + "; ".join(missed)
            if row["failed"]:
                verdict += " (failed audits: " + ", ".join(row["failed"]) + ")"
            print(f"{page:34} {row['performance']:4d} {row['accessibility']:4d} {row['best-practices']:4d} "
                  f"{row['seo']:4d} {row['fcp_s']:6.1f} {row['lcp_s']:6.1f} {row['tbt_ms']:7.0f} {row['kb']:6.0f}  "
                  f"{verdict}", flush=True)
    finally:
        server.shutdown()
        server.server_close()
    print(f"Budget met on {len(pages) - missed_pages} of {len(pages)} page(s).")
    return 1 if missed_pages else 0


if __name__ == "__main__":
    sys.exit(main())
