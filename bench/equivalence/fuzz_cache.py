#!/usr/bin/env python3
"""fuzz_cache.py OLD NEW REPO ROUNDS: damages a valid cache file and re-seals its checksum,
so the decoder (not the checksum) meets the damage; runs both binaries on each damaged
file and reports panics, abnormal exits, hangs and OLD/NEW differences."""
import os
import random
import shutil
import subprocess
import sys

old, new, repo, rounds = sys.argv[1], sys.argv[2], os.path.abspath(sys.argv[3]), int(sys.argv[4])
MASK = (1 << 64) - 1
PRIME = 0x100000001B3
cache = os.path.join(repo, ".git", "miniapp", "cache-v2.bin")
NOW = ["--now", "2030-01-01T00:00:00Z"]


def checksum(data):
    h = 0xCBF29CE484222325
    full = len(data) - len(data) % 8
    for i in range(0, full, 8):
        h = ((h ^ int.from_bytes(data[i:i + 8], "little")) * PRIME) & MASK
        h ^= h >> 29
    for b in data[full:]:
        h = ((h ^ b) * PRIME) & MASK
    return h


def run(binary):
    try:
        done = subprocess.run([binary, "-q", "--color", "never", "-C", repo, "status", "--format",
                               "json"] + NOW, capture_output=True, timeout=60)
        return done.returncode, done.stdout, done.stderr
    except subprocess.TimeoutExpired:
        return "timeout", b"", b""


shutil.rmtree(os.path.dirname(cache), ignore_errors=True)
cold = run(new)
good = open(cache, "rb").read()
assert checksum(good[:-8]).to_bytes(8, "little") == good[-8:], "checksum model is wrong"
header_end = good.index(b"`\n") + 2
rng = random.Random(1)
problems = 0
differs_cold = 0
for n in range(rounds):
    body = bytearray(good[:-8])
    for _ in range(rng.choice([1, 1, 2, 4, 16])):
        at = rng.randrange(header_end, len(body))
        body[at] = rng.choice([0, 1, 2, 0xFF, rng.randrange(256), body[at] ^ (1 << rng.randrange(8))])
    if rng.random() < 0.1:  # cut and reseal
        body = body[: rng.randrange(header_end, len(body))]
    damaged = bytes(body) + checksum(body).to_bytes(8, "little")
    results = {}
    for label, binary in (("old", old), ("new", new)):
        os.makedirs(os.path.dirname(cache), exist_ok=True)
        open(cache, "wb").write(damaged)
        results[label] = run(binary)
    for label, (rc, out, err) in results.items():
        if rc not in (0, 1, 2) or b"panicked" in err:
            problems += 1
            path = f"/tmp/fuzz-{n}-{label}.bin"
            open(path, "wb").write(damaged)
            print(f"round {n} {label}: exit {rc} {err[-400:]!r} (cache in {path})")
    if results["old"][:2] != results["new"][:2]:
        problems += 1
        path = f"/tmp/fuzz-{n}-diff.bin"
        open(path, "wb").write(damaged)
        print(f"round {n}: OLD and NEW differ (exit {results['old'][0]} vs {results['new'][0]}; cache in {path})")
    if results["new"][:2] != cold[:2]:
        differs_cold += 1
shutil.rmtree(os.path.dirname(cache), ignore_errors=True)
print(f"{rounds} damaged caches: {problems} problems; {differs_cold} read as different "
      "state from the cold run (tampering the checksum does not catch, same in both)")
