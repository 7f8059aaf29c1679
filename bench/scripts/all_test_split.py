#!/usr/bin/env python3
"""Writes a split.json that puts every clip of a dataset folder in "test", with a run's classes in the run's order,
so `actionstream evaluate --split-file` scores that run on clips it never saw (e.g. fresh synthetic people).

usage: all_test_split.py DATA RUN/split.json OUT.json   (label folders the run knows but DATA lacks are created empty)
"""
import json
import os
import sys

data, run_split, out = sys.argv[1:4]
classes = json.load(open(run_split))["classes"]
test = []
for c in classes:
    folder = os.path.join(data, c)
    os.makedirs(folder, exist_ok=True)
    test += sorted(c + "/" + f for f in os.listdir(folder) if f.endswith(".mp4"))
json.dump({"classes": classes, "seed": 0, "train": [], "validation": [], "test": test}, open(out, "w"), indent=1)
print(len(test), "clips of", classes, "->", out)
