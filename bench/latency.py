#!/usr/bin/env python3
"""Latency of a long-lived `smtpx explain --ndjson`: each status line is written into its stdin alone,
and the time until its answer comes back is measured before the next line is written.
usage: latency.py SMTPX LINES_FILE [N]   prints: n, median and 99th percentile in milliseconds"""
import subprocess
import sys
import time

exe, path = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 300
with open(path, "rb") as f:
    lines = [next(f) for _ in range(n)]
p = subprocess.Popen([exe, "explain", "--ndjson", "--fields", "reason,code"], stdin=subprocess.PIPE,
                     stdout=subprocess.PIPE, bufsize=0)
times = []
for line in lines:
    t = time.perf_counter()
    p.stdin.write(line)
    answer = p.stdout.readline()
    times.append(time.perf_counter() - t)
    if not answer:
        sys.exit("no answer for: " + line.decode(errors="replace")[:100])
p.stdin.close()
p.wait()
times = sorted(times[1:])   # the first answer also pays for compiling the rules
print(f"{len(times)} {1000 * times[len(times) // 2]:.3f} {1000 * times[int(len(times) * 0.99)]:.3f}")
