#!/usr/bin/env python3
"""Times the diff-match-patch reference implementations on the workloads coedit-bench wrote.

Usage: dmp_reference.py WORKDIR
WORKDIR holds the inputs as UTF-8 files (a1/a2, b1/b2, e1/e2). Prints one JSON object:
{"python": {"a": seconds, ...}, "cpp": {...}, "patch_text_b": "...", "versions": {...}}
Each figure is the median wall time of one operation over repeated runs, measured the same way coedit-bench
measures its own (repeat until at least MIN_TOTAL seconds or MAX_RUNS runs, after one warm-up).
Parameters are the reference defaults (Diff_Timeout 1.0 s, line mode on).
"""
import json
import statistics
import sys
import time
from importlib import metadata

import diff_match_patch as python_dmp
import fast_diff_match_patch as cpp_dmp

MIN_TOTAL = 0.5
MAX_RUNS = 25
MIN_RUNS = 3


def median_seconds(operation):
    operation()  # warm-up
    samples = []
    started = time.perf_counter()
    while len(samples) < MAX_RUNS and (len(samples) < MIN_RUNS or time.perf_counter() - started < MIN_TOTAL):
        t0 = time.perf_counter()
        operation()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def read(workdir, name):
    with open(f"{workdir}/{name}", encoding="utf-8", newline="") as handle:
        return handle.read()


def main():
    workdir = sys.argv[1]
    texts = {name: read(workdir, name) for name in ["a1", "a2", "b1", "b2", "e1", "e2"]}
    dmp = python_dmp.diff_match_patch()
    dmp.Diff_Timeout = 1.0

    def cpp_diff(t1, t2):
        # counts_only=False returns the texts, as the Python reference and coedit do.
        return cpp_dmp.diff(t1, t2, timelimit=1.0, checklines=True, cleanup="No", counts_only=False)

    patches_b = dmp.patch_make(texts["b1"], texts["b2"])
    patch_text_b = dmp.patch_toText(patches_b)
    applied, _ = dmp.patch_apply(patches_b, texts["b1"])
    assert applied == texts["b2"], "reference patch_apply did not reproduce b2"

    python = {
        "a": median_seconds(lambda: dmp.diff_main(texts["a1"], texts["a2"])),
        "b": median_seconds(lambda: dmp.diff_main(texts["b1"], texts["b2"])),
        "c": median_seconds(lambda: dmp.patch_toText(dmp.patch_make(texts["b1"], texts["b2"]))),
        "d": median_seconds(lambda: dmp.patch_apply(dmp.patch_fromText(patch_text_b), texts["b1"])),
        "e": median_seconds(lambda: dmp.diff_main(texts["e1"], texts["e2"])),
    }
    cpp = {
        "a": median_seconds(lambda: cpp_diff(texts["a1"], texts["a2"])),
        "b": median_seconds(lambda: cpp_diff(texts["b1"], texts["b2"])),
        # The C++ wrapper makes patch text from its own diff with semantic cleanup; it has no patch_apply.
        "c": median_seconds(lambda: cpp_dmp.diff(texts["b1"], texts["b2"], timelimit=1.0, checklines=True,
                                                 cleanup="Semantic", as_patch=True)),
        "e": median_seconds(lambda: cpp_diff(texts["e1"], texts["e2"])),
    }
    versions = {
        "diff-match-patch": metadata.version("diff-match-patch"),
        "fast-diff-match-patch": metadata.version("fast-diff-match-patch"),
        "python": sys.version.split()[0],
    }
    print(json.dumps({"python": python, "cpp": cpp, "patch_text_b": patch_text_b, "versions": versions}))


if __name__ == "__main__":
    main()
