#!/usr/bin/env python3
"""Reads async-profiler's collapsed stacks written by profile.sh (one thread name first in each
stack) and prints where the request threads spend their samples.

  stacks.py FILE                  thread kinds, then the frames with most samples (inclusive)
  stacks.py FILE --under FRAME    what the frames directly below FRAME spend
  stacks.py --compare A B US_A US_B
                                  frames whose cost grew most from B to A, in microseconds per
                                  request, given the request threads' CPU per request of each
                                  run (the http-nio line profile.sh prints)

Shares are of the request threads' (http-nio-*-exec-*) samples.
"""
import collections
import re
import signal
import sys


def stacks(path):
    for line in open(path):
        stack, _, count = line.rstrip("\n").rpartition(" ")
        frames = stack.split(";")
        yield frames[0], [f.split("/")[-1] for f in frames[1:]], int(count)


def is_request_thread(thread):
    return "http-nio" in thread and "-exec-" in thread


def thread_kind(thread):
    return re.sub(r" tid=\d+\]$", "]", re.sub(r"\d+", "#", thread))


def inclusive(path):
    totals, samples = collections.Counter(), 0
    for thread, frames, count in stacks(path):
        if is_request_thread(thread):
            samples += count
            for frame in set(frames):
                totals[frame] += count
    return totals, samples


def summary(path, top):
    kinds, everything = collections.Counter(), 0
    for thread, _, count in stacks(path):
        kinds[thread_kind(thread)] += count
        everything += count
    print(f"{everything} samples")
    for kind, count in kinds.most_common(10):
        print(f"  {100 * count / everything:5.1f}%  {kind}")
    totals, samples = inclusive(path)
    print(f"request threads: {samples} samples; frames by inclusive share")
    for frame, count in totals.most_common(top):
        print(f"  {100 * count / samples:5.1f}%  {frame}")


def under(path, anchor, top):
    paths, samples = collections.Counter(), 0
    for thread, frames, count in stacks(path):
        if not is_request_thread(thread):
            continue
        samples += count
        for i, frame in enumerate(frames):
            if anchor in frame:
                paths[" > ".join(frames[i + 1:i + 4]) or "(self)"] += count
                break
    print(f"below {anchor}, share of request-thread samples")
    for below, count in paths.most_common(top):
        print(f"  {100 * count / samples:5.1f}%  {below}")


def compare(path_a, path_b, us_a, us_b, top):
    a, samples_a = inclusive(path_a)
    b, samples_b = inclusive(path_b)
    cost_a = {frame: count * us_a / samples_a for frame, count in a.items()}
    cost_b = {frame: count * us_b / samples_b for frame, count in b.items()}
    frames = set(cost_a) | set(cost_b)
    growth = sorted(frames, key=lambda frame: cost_b.get(frame, 0) - cost_a.get(frame, 0))
    print("us per request on the request threads:   A       B  frame")
    for frame in growth[:top]:
        print(f"  {cost_a.get(frame, 0):7.1f} {cost_b.get(frame, 0):7.1f}  {frame}")


def main(args):
    top = 30
    if args[:1] == ["--compare"] and len(args) == 5:
        compare(args[1], args[2], float(args[3]), float(args[4]), top)
    elif len(args) == 3 and args[1] == "--under":
        under(args[0], args[2], top)
    elif len(args) == 1:
        summary(args[0], top)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet when piped into head
    main(sys.argv[1:])
