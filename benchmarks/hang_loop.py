"""Does ``python -m nlp.tag --jobs N`` ever hang? Runs it many times over fuzzed documents, each
run with a timeout, and counts the runs that did not end (issue #16: the former
``multiprocessing.Pool`` hung at shutdown in a few runs of a hundred).

Every run tags ten documents — corpus texts cut, spliced and sprinkled with random bytes, some
of them undecodable, so that failures and successes mix — in ``--jobs N`` processes into
``--output``, and every fifth run is sent SIGTERM part-way (the shutdown path that hung). A run
counts as hung when it has not ended ``--timeout`` seconds after start (or after the SIGTERM);
a ``.part`` file left beside the output is counted too.

    python benchmarks/hang_loop.py --runs 500 --jobs 2
"""
from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]


def fuzzed_documents(folder: Path, rng: random.Random, count: int = 10) -> list[Path]:
    """Pieces of corpus texts spliced together, a few characters of noise in each, and one
    document in five with random bytes thrown in (mostly undecodable then)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPOSITORY / "corpus").glob("*.txt"))]
    noise = "\n\f\t 一二三（）：。%万元0123456789"
    paths = []
    for i in range(count):
        first, second = rng.choice(texts), rng.choice(texts)
        start = rng.randrange(len(first))
        text = list(first[start:start + rng.randrange(2_000, 40_000)] + second[:rng.randrange(5_000)])
        for _ in range(rng.randrange(0, 20)):
            text.insert(rng.randrange(len(text) + 1), rng.choice(noise))
        data = bytearray("".join(text).encode("utf-8"))
        if rng.random() < 0.2:
            for _ in range(rng.randrange(1, 6)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        path = folder / f"fuzz_{i:02d}.txt"
        path.write_bytes(bytes(data))
        paths.append(path)
    return paths


def one_run(folder: Path, rng: random.Random, jobs: int, timeout: float, interrupt: bool) -> tuple[bool, bool]:
    """(hung, left a .part file)."""
    inputs = fuzzed_documents(folder, rng)
    output = folder / "out.jsonl"
    command = [sys.executable, "-X", "faulthandler", "-m", "nlp.tag", *map(str, inputs), "--jobs", str(jobs),
               "--format", "jsonl", "--output", str(output), "--quiet"]
    errors = open(folder / "stderr.log", "w+b")
    process = subprocess.Popen(command, cwd=REPOSITORY, stdout=subprocess.DEVNULL, stderr=errors,
                               env=dict(os.environ, PYTHONPATH=str(REPOSITORY)))
    if interrupt:
        time.sleep(rng.uniform(0.05, 0.4))
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout)
        hung = False
    except subprocess.TimeoutExpired:
        hung = True
        # where it waits: faulthandler prints every thread's stack on SIGABRT
        subprocess.run(["ps", "-o", "pid,ppid,stat,wchan:24,args", "--ppid", str(process.pid)], check=False)
        process.send_signal(signal.SIGABRT)
        time.sleep(1)
        # the workers of a hung pool would outlive their parent: end them (they are ours)
        subprocess.run(["pkill", "-KILL", "-P", str(process.pid)], check=False)
        process.kill()
        process.wait()
        errors.seek(0)
        print(errors.read().decode(errors="replace")[-4000:], flush=True)
    errors.close()
    leftover = any(p.name.endswith(".part") for p in folder.iterdir())
    if leftover:
        print("left:", sorted(p.name for p in folder.iterdir()), flush=True)
    for p in folder.iterdir():
        p.unlink()
    return hung, leftover


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=500)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before a run counts as hung")
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    hangs = leftovers = 0
    start = time.time()
    with tempfile.TemporaryDirectory() as folder:
        for run in range(args.runs):
            hung, leftover = one_run(Path(folder), rng, args.jobs, args.timeout, interrupt=run % 5 == 4)
            hangs += hung
            leftovers += leftover
            if hung or leftover or (run + 1) % 50 == 0:
                print(f"run {run + 1}: {hangs} hung, {leftovers} left a .part file "
                      f"({time.time() - start:.0f} s)", flush=True)
    print(f"{args.runs} runs of --jobs {args.jobs}: {hangs} hung, {leftovers} left a .part file")
    return 1 if hangs or leftovers else 0


if __name__ == "__main__":
    sys.exit(main())
