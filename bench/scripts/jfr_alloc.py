#!/usr/bin/env python3
"""Summarises jdk.ObjectAllocationSample events of a JFR recording (jfr print --json): bytes per thread group and
per allocating frame, over the recording's steady-state window [start+skip, end]."""
import json, subprocess, sys, collections, re
from datetime import datetime

rec, skip = sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 10.0
out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "12", "--events", "jdk.ObjectAllocationSample", rec],
                     capture_output=True, text=True, check=True).stdout
events = json.loads(out)["recording"]["events"]
def ts(e):
    return datetime.fromisoformat(e["values"]["startTime"].replace("Z", "+00:00")).timestamp()
t0 = min(ts(e) for e in events); t1 = max(ts(e) for e in events)
by_thread = collections.Counter(); by_site = collections.Counter(); by_class = collections.Counter()
def group(name):
    return re.sub(r"-s?\d+$", "-N", name or "?")
for e in events:
    if ts(e) < t0 + skip:
        continue
    v = e["values"]; w = v["weight"]
    th = group((v.get("eventThread") or {}).get("javaName"))
    by_thread[th] += w
    frames = (v.get("stackTrace") or {}).get("frames") or []
    names = [f["method"]["type"]["name"] + "." + f["method"]["name"] for f in frames]
    ours = [n for n in names if n.startswith("dev.actionstream")]
    site = (names[0] if names else "?") + "  <-  " + (ours[0] if ours else "-")
    by_site[(th, site)] += w
    by_class[(th, v["objectClass"]["name"])] += w
secs = t1 - t0 - skip
print(f"window: {secs:.0f} s (first {skip:.0f} s skipped); sampled allocation weight in MB/s")
print("\n-- per thread group --")
for k, w in by_thread.most_common(15):
    print(f"{w/secs/1e6:10.3f}  {k}")
print("\n-- top allocation sites (thread, top frame <- first actionstream frame) --")
for (th, s), w in by_site.most_common(25):
    print(f"{w/secs/1e6:10.3f}  {th:14s} {s}")
print("\n-- top classes --")
for (th, c), w in by_class.most_common(15):
    print(f"{w/secs/1e6:10.3f}  {th:14s} {c}")
