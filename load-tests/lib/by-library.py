#!/usr/bin/env python3
"""CPU time per request by library, from async-profiler's collapsed stacks (ab.sh --profile).

Usage: by-library.py NAME=FILE:CPU_US_PER_REQUEST ...

Each sample goes to the library of its innermost Java frame (JDK classes count for the library that
called them), or to the system call it was in (send, write, epoll...: the kernel's share). The shares
of each profile are scaled to the CPU time per request measured in the same runs, so profiles of
gateways serving different rates compare in microseconds. Prints a Markdown table, largest first.
"""
import collections
import sys

LIBRARIES = [
    ("mcp-edge", ("dev/mcpedge/",)),
    ("Logback", ("ch/qos/logback/",)),
    ("Jackson", ("tools/jackson/", "com/fasterxml/jackson/")),
    ("Micrometer", ("io/micrometer/",)),
    ("Lettuce", ("io/lettuce/",)),
    ("Spring Cloud Gateway", ("org/springframework/cloud/gateway/",)),
    ("Spring (web, http, other)", ("org/springframework/",)),
    ("Reactor Netty", ("reactor/netty/",)),
    ("Reactor Core", ("reactor/core/", "reactor/util/")),
    ("Netty", ("io/netty/",)),
]
JDK = ("java/", "javax/", "jdk/", "sun/", "com/sun/")


def library(frames):
    leaf = frames[-1]
    if "/" not in leaf and not leaf.startswith("["):
        # native code: a system call or the JVM itself
        for call in ("send", "write", "recv", "read", "epoll", "futex", "pthread"):
            if call in leaf:
                return "system call: " + call
    for frame in reversed(frames):
        for name, prefixes in LIBRARIES:
            if frame.startswith(prefixes):
                return name
        if frame.startswith(JDK):
            continue
    return "JDK or JVM (no library frame)"


def profile(path):
    counts, total = collections.Counter(), 0
    with open(path) as lines:
        for line in lines:
            stack, _, n = line.rstrip("\n").rpartition(" ")
            counts[library(stack.split(";"))] += int(n)
            total += int(n)
    return counts, total


def main(args):
    if not args:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    columns = []
    for arg in args:
        name, _, rest = arg.partition("=")
        path, _, cpu = rest.rpartition(":")
        counts, total = profile(path)
        scale = float(cpu) / total if total else 0.0
        columns.append((name, {k: v * scale for k, v in counts.items()}, float(cpu)))
    rows = set().union(*(c for _, c, _ in columns))
    order = sorted(rows, key=lambda r: -max(c.get(r, 0.0) for _, c, _ in columns))
    print("| library | " + " | ".join(f"{name}: µs per request" for name, _, _ in columns) + " |")
    print("|---|" + "---:|" * len(columns))
    for row in order:
        print(f"| {row} | " + " | ".join(f"{c.get(row, 0.0):.1f}" for _, c, _ in columns) + " |")
    print("| **total (measured)** | " + " | ".join(f"**{cpu:.0f}**" for _, _, cpu in columns) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
