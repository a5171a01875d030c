#!/usr/bin/env python3
"""Compares two miniapp binaries on one registry repository, byte for byte.

  compare.py OLD NEW REPO [--now TIME] [--at REV]... [--item ITEM]... [--mode MODE]...
             [--state DIR] [--label TEXT] [--no-validate]

For each case (status in every format, with and without --at and item filters; history of
each item in every format; validate in json, sarif, human) both binaries are run and their
stdout, exit code and stderr are compared. Modes:
  cold   the repo's .git/miniapp is removed before every run
  warm   each binary gets its own cache: a first status run writes it, the case reads it
  keep   each binary's cache is restored from --state DIR (saved by an earlier run), so a
         change to the repo between two invocations is seen by a warm cache
  cross  the cache written by OLD is read by NEW and the other way round; a NOTE says when
         the cache files the two write cold differ (binaries before the cache sorted its
         review records wrote them in hash order, so two runs of one such binary differ too)
Items default to every item `status --format json` lists (capped by --max-items).
Prints one line per difference and a summary; exit 1 when anything differs.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

STATUS_FORMATS = ["table", "json", "markdown", "mermaid", "html"]
HISTORY_FORMATS = ["table", "json", "markdown", "mermaid"]
VALIDATE_FORMATS = ["json", "sarif", "human", "github", "markdown"]


def run(binary, repo, args, timeout):
    cmd = [binary, "--color", "never", "-q", "-C", repo] + args
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=timeout)
        return done.returncode, done.stdout, done.stderr
    except subprocess.TimeoutExpired:
        return "timeout", b"", b""


def cache_dir(repo):
    git = subprocess.run(["git", "-C", repo, "rev-parse", "--absolute-git-dir"],
                         capture_output=True, text=True).stdout.strip()
    return os.path.join(git, "miniapp")


def clear(path):
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.remove(path)


def restore(saved, live):
    clear(live)
    if saved and os.path.isdir(saved):
        shutil.copytree(saved, live)


def save(live, saved):
    clear(saved)
    if os.path.isdir(live) and not os.path.islink(live):
        shutil.copytree(live, saved)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("repo")
    parser.add_argument("--now", default="2030-01-01T00:00:00+07:00")
    parser.add_argument("--at", action="append", default=[])
    parser.add_argument("--item", action="append", default=[])
    parser.add_argument("--max-items", type=int, default=12)
    parser.add_argument("--mode", action="append", default=[])
    parser.add_argument("--state", default=None)
    parser.add_argument("--label", default="")
    parser.add_argument("--timeout", type=int, default=120)
    parser.add_argument("--no-validate", action="store_true")
    parser.add_argument("--no-history", action="store_true")
    parser.add_argument("--stderr", action="store_true", help="compare stderr too")
    opts = parser.parse_args()
    modes = opts.mode or ["cold", "warm"]
    repo = os.path.abspath(opts.repo)
    live = cache_dir(repo)
    now = ["--now", opts.now]

    items = list(opts.item)
    if not items:
        clear(live)
        _, out, _ = run(opts.new, repo, ["status", "--format", "json"] + now, opts.timeout)
        try:
            listed = [entry["id"] for entry in json.loads(out)]
        except ValueError:
            listed = []
        # Keep a spread: branch rollouts and production items alike.
        step = max(1, len(listed) // opts.max_items)
        items = listed[::step][: opts.max_items]
        clear(live)

    cases = []
    revs = [None] + opts.at
    for rev in revs:
        at = ["--at", rev] if rev else []
        for fmt in STATUS_FORMATS:
            cases.append(["status", "--format", fmt] + at + now)
        for item in items[:4]:
            cases.append(["status", "--format", "json", item] + at + now)
            cases.append(["status", "--format", "table", item] + at + now)
        # A prefix filter (the partner part of an item).
        if items:
            cases.append(["status", "--format", "json", items[0].split("/")[0]] + at + now)
        cases.append(["status", "--format", "table", "no-such-partner"] + at + now)
        if not opts.no_history:
            for item in items:
                for fmt in HISTORY_FORMATS:
                    cases.append(["history", "--format", fmt, item] + at + now)
            cases.append(["history", "no-such-partner/none"] + at + now)
    if not opts.no_validate:
        for fmt in VALIDATE_FORMATS:
            cases.append(["validate", "--format", fmt])

    state = opts.state or tempfile.mkdtemp(prefix="cmp-state-", dir=tempfile.gettempdir())
    os.makedirs(state, exist_ok=True)
    saved = {"old": os.path.join(state, "old"), "new": os.path.join(state, "new")}
    binaries = {"old": opts.old, "new": opts.new}
    differences = 0
    total = 0

    def report(mode, case, results):
        nonlocal differences, total
        total += 1
        (orc, oout, oerr), (nrc, nout, nerr) = results["old"], results["new"]
        what = []
        if orc != nrc:
            what.append(f"exit {orc} vs {nrc}")
        if oout != nout:
            what.append(f"stdout differs ({len(oout)} vs {len(nout)} bytes)")
        if opts.stderr and oerr != nerr:
            what.append("stderr differs")
        if nrc not in (0, 1, 2) or b"panicked" in nerr:
            what.append(f"NEW abnormal exit {nrc}: {nerr[-300:]!r}")
        if orc not in (0, 1, 2) or b"panicked" in oerr:
            what.append(f"OLD abnormal exit {orc}: {oerr[-300:]!r}")
        if what:
            differences += 1
            name = f"{opts.label} {mode} {' '.join(case)}"
            print(f"DIFF {name}: {'; '.join(what)}")
            base = os.path.join(state, f"diff{differences}")
            for label, (rc, out, err) in results.items():
                with open(f"{base}.{label}.out", "wb") as handle:
                    handle.write(out)
                with open(f"{base}.{label}.err", "wb") as handle:
                    handle.write(err)
            print(f"     outputs in {base}.{{old,new}}.{{out,err}}")

    for mode in modes:
        if mode == "cross":
            # Cold cache files must be the same bytes.
            files = {}
            for label, binary in binaries.items():
                clear(live)
                run(binary, repo, ["status"] + now, opts.timeout)
                path = os.path.join(live, "cache-v2.bin")
                files[label] = open(path, "rb").read() if os.path.exists(path) else None
                save(live, saved[label] + ".cross")
            if files["old"] != files["new"]:
                print(f"NOTE {opts.label} cross cache-v2.bin bytes differ (also between two runs of one binary) "
                      f"({len(files['old'] or b'')} vs {len(files['new'] or b'')})")
            for case in cases:
                results = {}
                # Each binary reads the cache the other one wrote.
                for label, other in (("old", "new"), ("new", "old")):
                    restore(saved[other] + ".cross", live)
                    results[label] = run(binaries[label], repo, case, opts.timeout)
                report(mode, case, results)
            continue
        for case in cases:
            results = {}
            for label, binary in binaries.items():
                if mode == "cold":
                    clear(live)
                elif mode == "warm":
                    clear(live)
                    run(binary, repo, ["status"] + now, opts.timeout)
                elif mode == "keep":
                    # Every case reads the cache as the previous invocation left it.
                    restore(saved[label], live)
                results[label] = run(binary, repo, case, opts.timeout)
                if mode == "keep":
                    save(live, saved[label] + ".next")
            report(mode, case, results)
        if mode == "keep":
            for label in binaries:
                save(saved[label] + ".next", saved[label])
    clear(live)
    print(f"{opts.label}: {total} comparisons, {differences} differences")
    sys.exit(1 if differences else 0)


if __name__ == "__main__":
    main()
