"""`concierge bench intents`: parse latency (p50/p99 over N utterances) and pipeline load time.

The utterances are the training and held-out texts, cycled, each varied (a case number, a suffix) so that
no cache sees the same string twice in a row. Load time is measured in a fresh interpreter, from nothing
imported to a ready parser, with the trained pipeline already cached (training, if needed, happens first
and is reported separately).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

from intents.model import HELDOUT_FILE, TRAIN_FILE, read_jsonl

_LOAD_SNIPPET = (
    "import time; t=time.perf_counter(); c=time.process_time(); import intents; p=intents.load(); "
    "p.parse('warm up'); print(time.perf_counter()-t, time.process_time()-c)"
)


def _utterances(n: int) -> list[str]:
    base = [r["text"] for r in read_jsonl(TRAIN_FILE) + read_jsonl(HELDOUT_FILE)]
    suffixes = ["", " pls", " asap", " (case 1234)", " thx", "!", " #00004321", " today"]
    return [base[i % len(base)] + suffixes[(i // len(base)) % len(suffixes)] for i in range(n)]


def percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return 0.0
    k = min(len(sorted_values) - 1, max(0, round(q / 100 * (len(sorted_values) - 1))))
    return sorted_values[k]


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="concierge bench intents", description=__doc__)
    ap.add_argument("-n", type=int, default=10_000, help="number of utterances to parse")
    args = ap.parse_args(argv)

    from intents.parser import load

    started = time.perf_counter()
    parser = load(log=lambda m: print(m, file=sys.stderr, flush=True))
    first_load = time.perf_counter() - started
    proc = subprocess.run([sys.executable, "-c", _LOAD_SNIPPET], capture_output=True, text=True, check=False)
    if proc.returncode == 0:
        cold_load, cold_cpu = (float(x) for x in proc.stdout.strip().splitlines()[-1].split())
    else:
        print(proc.stderr, file=sys.stderr)
        cold_load = cold_cpu = float("nan")

    texts = _utterances(args.n)
    for text in texts[:200]:
        parser.parse(text)
    timings, cpu = [], []
    for text in texts:
        c0, t0 = time.thread_time(), time.perf_counter()
        parser.parse(text)
        timings.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.thread_time() - c0) * 1000)
    timings.sort()
    cpu.sort()
    print(f"intents_load_first_use: {first_load:.3f} s (includes training if the cache was stale)")
    print(f"intents_load: {cold_load:.3f} s (fresh process, import + load, trained pipeline cached; "
          f"{cold_cpu:.3f} s CPU)")
    print(f"intents_parse_p50: {percentile(timings, 50):.3f} ms")
    print(f"intents_parse_p99: {percentile(timings, 99):.3f} ms")
    print(f"intents_parse_mean: {statistics.fmean(timings):.3f} ms over {len(timings)} utterances")
    print(f"intents_parse_cpu_p50: {percentile(cpu, 50):.3f} ms; cpu_p99: {percentile(cpu, 99):.3f} ms "
          "(CPU time of the parsing thread: what the wall clock shows when the machine is not shared)")
    try:
        load1 = os.getloadavg()[0]
        print(f"machine_load_average: {load1:.2f} on {os.cpu_count()} CPUs")
    except OSError:
        pass
    return 0
