#!/usr/bin/env python3
"""Kills `landctl classify` while it publishes and at random times, and checks the outputs.

    python3 scripts/kill_publish.py CITY [--random N] [--signals N] [--landctl PATH] [--work DIR]

CITY is a folder from ../shared/bench/gen_city.py (zones.geojson, parcels.geojson,
parcels.csv), e.g. `python3 ../shared/bench/gen_city.py /tmp/city --parcels 200000`.
Needs strace (`apt-get install -y strace`) and a release build (`swift build -c release`).

Three runs of different input make three different whole results: A (every parcel, from
the GeoJSON), B (the first half of the parcels, as CSV) and C (the demo district in
shapes/, small). Each is first run once into a folder of its own for reference. Then, in
one output folder that also holds a file and a folder of the user's:

1. strace fault injection: for every step of a publish (each rename, renameat2, link and
   unlink in turn, `-e inject=SYSCALL:signal=SIGKILL:when=K`) an A or B run is killed
   exactly there;
1b. SIGINT, SIGTERM and SIGHUP delivered at each rename of the publish the same way: the
   process must end by that signal, its staging folder already removed;
2. SIGKILL at a random time in an A or B run (N times, default 50);
3. SIGINT or SIGTERM at a random time (default 10): the staging folder must be gone at once.

After every kill the output folder must hold exactly one whole run (A, B or C: every output
file of that run, byte for byte, and no file of another) plus the user's file; then a
complete C run goes into the same folder, after which no staging folder or temporary file
may be left, the user's file and folder must be there, and the outputs must be C's.
Prints one line per kill and a summary; exits 1 on the first violation.
"""
import argparse
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
NAMES = ["parcels.csv", "parcels.geojson", "conflicts.csv", "conflicts.geojson", "summary.md"]
USER_FILE, USER_FOLDER = "my-notes.txt", "my-maps"


def digest(path):
    h = hashlib.sha1()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def outputs(folder):
    """{name: sha1} of the output files present in folder."""
    return {n: digest(os.path.join(folder, n)) for n in NAMES if os.path.isfile(os.path.join(folder, n))}


def leftovers(out):
    """Staging folders and temporary files of landctl beside and inside out."""
    parent, base = os.path.split(out)
    found = [os.path.join(parent, e) for e in os.listdir(parent) if e.startswith("." + base + ".landctl-staging-")]
    if os.path.isdir(out):
        found += [os.path.join(out, e) for e in os.listdir(out) if ".landctl-staging-" in e or ".tmp-" in e]
    return found


class Runner:
    def __init__(self, args, work):
        self.landctl = args.landctl
        self.work = work
        city = args.city
        half = os.path.join(work, "half.csv")
        with open(os.path.join(city, "parcels.csv"), encoding="utf-8") as src, open(half, "w", encoding="utf-8") as dst:
            lines = src.readlines()
            dst.writelines(lines[: 1 + (len(lines) - 1) // 2])
        self.runs = {
            "A": [os.path.join(city, "zones.geojson"), os.path.join(city, "parcels.geojson")],
            "B": [os.path.join(city, "zones.geojson"), half],
            "C": [os.path.join(ROOT, "shapes", "zones.geojson"), os.path.join(ROOT, "shapes", "parcels.geojson")],
        }
        self.reference = {}

    def command(self, run, out):
        zones, parcels = self.runs[run]
        return [self.landctl, "classify", "--zones", zones, "--parcels", parcels, "--out", out, "--quiet"]

    def complete(self, run, out):
        started = time.monotonic()
        r = subprocess.run(self.command(run, out), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if r.returncode not in (0, 1):
            sys.exit(f"run {run} failed ({r.returncode}): {r.stderr}")
        return time.monotonic() - started

    def which(self, out):
        """The run whose whole outputs the folder holds, or a description of what is wrong."""
        found = outputs(out)
        for run, ref in self.reference.items():
            if found == ref:
                return run
        mixed = {n: [r for r, ref in self.reference.items() if ref.get(n) == h] for n, h in found.items()}
        return f"MIXED {mixed} (missing {[n for n in NAMES if n not in found]})"


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("city")
    p.add_argument("--random", type=int, default=50, help="SIGKILLs at random times")
    p.add_argument("--signals", type=int, default=10, help="SIGINT/SIGTERM at random times")
    p.add_argument("--landctl", default=os.path.join(ROOT, ".build", "release", "landctl"))
    p.add_argument("--work", help="scratch folder (default: a new one under /tmp)")
    p.add_argument("--seed", type=int, default=19)
    args = p.parse_args()
    random.seed(args.seed)
    work = args.work or tempfile.mkdtemp(prefix="landctl-kill-")
    os.makedirs(work, exist_ok=True)
    runner = Runner(args, work)

    durations = {}
    for run in "ABC":
        ref = os.path.join(work, "ref-" + run)
        shutil.rmtree(ref, ignore_errors=True)
        durations[run] = runner.complete(run, ref)
        runner.reference[run] = outputs(ref)
        assert len(runner.reference[run]) == len(NAMES), run
    print(f"reference runs: " + ", ".join(f"{r} {d:.1f} s" for r, d in durations.items()), flush=True)

    out = os.path.join(work, "out")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(os.path.join(out, USER_FOLDER))
    with open(os.path.join(out, USER_FILE), "w") as f:
        f.write("the user's own notes\n")
    with open(os.path.join(out, USER_FOLDER, "map.txt"), "w") as f:
        f.write("the user's own map\n")
    runner.complete("C", out)

    tally = {"kills": 0, "A": 0, "B": 0, "C": 0, "finished": 0}
    counter = [0]

    def check_after_kill(label, allow_missing_user_folder):
        state = runner.which(out)
        ok_user = os.path.isfile(os.path.join(out, USER_FILE))
        ok_folder = os.path.isdir(os.path.join(out, USER_FOLDER)) or allow_missing_user_folder
        counter[0] += 1
        print(f"{counter[0]:3d} {label}: folder holds run {state}", flush=True)
        if state not in runner.reference or not ok_user or not ok_folder:
            sys.exit(f"VIOLATION after {label}: state {state}, user file {ok_user}, user folder {ok_folder}")
        tally["kills"] += 1
        tally[state] += 1
        # The next run cleans up after the killed one.
        runner.complete("C", out)
        left = leftovers(out)
        if left or runner.which(out) != "C" or not os.path.isdir(os.path.join(out, USER_FOLDER)) \
                or open(os.path.join(out, USER_FOLDER, "map.txt")).read() != "the user's own map\n":
            sys.exit(f"VIOLATION after the run following {label}: leftovers {left}, state {runner.which(out)}")

    # 1. A kill at each step of the publish.
    run_index = 0
    for syscall in ["rename", "renameat2", "link", "linkat", "unlink", "unlinkat", "rmdir"]:
        when = 1
        while True:
            run = "AB"[run_index % 2]
            run_index += 1
            cmd = ["strace", "-f", "-qq", "-o", "/dev/null",
                   "-e", f"trace={syscall}", "-e", f"inject={syscall}:signal=SIGKILL:when={when}"] + runner.command(run, out)
            r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            killed = r.returncode in (-signal.SIGKILL, 128 + signal.SIGKILL, 137)
            if not killed:
                if r.returncode not in (0, 1):
                    sys.exit(f"{syscall} #{when}: unexpected exit {r.returncode}: {r.stderr[-2000:]}")
                # Not reached: the run made fewer such calls and finished; it must be whole.
                print(f"    {syscall} #{when}: not reached (run {run} finished: {runner.which(out)})", flush=True)
                if runner.which(out) != run:
                    sys.exit(f"VIOLATION: run {run} finished but the folder holds {runner.which(out)}")
                runner.complete("C", out)
                break
            # A kill between the swap and the return of the user's folders leaves them in the
            # staging folder until the next run puts them back.
            check_after_kill(f"run {run} killed at {syscall} #{when}", allow_missing_user_folder=True)
            when += 1

    # 1b. SIGINT, SIGTERM and SIGHUP at each rename of the publish: the process must end
    # (not hang), by that signal, with its staging folder already gone.
    for sig in [signal.SIGINT, signal.SIGTERM, signal.SIGHUP]:
        when = 1
        while True:
            run = "AB"[run_index % 2]
            run_index += 1
            name = signal.Signals(sig).name
            cmd = ["strace", "-f", "-qq", "-o", "/dev/null", "-e", "trace=rename,renameat2",
                   "-e", f"inject=rename,renameat2:signal={name}:when={when}"] + runner.command(run, out)
            try:
                r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=300)
            except subprocess.TimeoutExpired:
                sys.exit(f"VIOLATION: run {run} with {name} at rename #{when} did not end")
            if r.returncode in (0, 1):
                print(f"    {name} at rename #{when}: not reached (run {run} finished: {runner.which(out)})", flush=True)
                if runner.which(out) != run:
                    sys.exit(f"VIOLATION: run {run} finished but the folder holds {runner.which(out)}")
                runner.complete("C", out)
                break
            if r.returncode not in (-sig, 128 + sig):
                sys.exit(f"{name} at rename #{when}: unexpected exit {r.returncode}: {r.stderr[-2000:]}")
            left = leftovers(out)
            if left:
                sys.exit(f"VIOLATION: {name} at rename #{when} left {left}")
            check_after_kill(f"run {run} {name} at rename #{when}", allow_missing_user_folder=False)
            when += 1

    # 2 and 3. Kills at random times.
    def random_kill(sig, label):
        nonlocal run_index
        run = "AB"[run_index % 2]
        run_index += 1
        # Within the run's duration as measured (runs vary: one that finished first is
        # checked all the same, and counted apart).
        delay = random.uniform(0, durations[run] * 0.95)
        proc = subprocess.Popen(runner.command(run, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(sig)
        rc = proc.wait()
        finished = rc in (0, 1)
        if finished:
            tally["finished"] += 1
        if sig != signal.SIGKILL and not finished:
            # SIGINT and SIGTERM remove the staging folder before the process ends.
            left = leftovers(out)
            if left:
                sys.exit(f"VIOLATION: {label} at {delay:.2f} s left {left}")
        check_after_kill(f"run {run} {label} at {delay:.2f} s" + (" (had finished)" if finished else ""),
                         allow_missing_user_folder=sig == signal.SIGKILL)

    for _ in range(args.random):
        random_kill(signal.SIGKILL, "SIGKILL")
    for k in range(args.signals):
        random_kill(signal.SIGINT if k % 2 == 0 else signal.SIGTERM, "SIGINT" if k % 2 == 0 else "SIGTERM")

    print(f"kills {tally['kills'] - tally['finished']} (and {tally['finished']} signals that came after the run had "
          f"finished): folder held run A {tally['A']}, B {tally['B']}, C {tally['C']} times; never mixed, "
          f"nothing left after the next run", flush=True)


if __name__ == "__main__":
    main()
