#!/usr/bin/env python3
"""Which frames would windows take if FFmpeg skipped non-reference frames (skip_frame noref)?

usage: skip_frame_windows.py VIDEO [INTERVAL_MS ...]
Decodes VIDEO's frame times twice with ffprobe (all frames; -skip_frame noref) and runs the runtime's sampling rule
(IntervalSampler, re-implemented line for line) over both. Prints, per model interval: frames the window takes from
all frames, how many of those noref never decodes, and how far the frames it takes instead lie from the due times
(the contract: at most half a frame step, the nearest frame).
"""
import subprocess
import sys


def frame_times(video, skip):
    out = subprocess.run(["ffprobe", "-v", "error", "-skip_frame", skip, "-i", video, "-select_streams", "v",
                          "-show_entries", "frame=pts_time", "-of", "csv=p=0"], capture_output=True, text=True,
                         check=True).stdout
    return sorted(round(float(x.strip().strip(",")) * 1e6) for x in out.split() if x.strip().strip(","))


class IntervalSampler:
    def __init__(self, interval):
        self.interval = interval
        self.due = None
        self.last = None
        self.step = 0

    def take(self, t):
        if self.interval == 0:
            return True
        if self.last is None or t < self.last or t - self.due >= self.interval:
            self.due = t
            self.step = 0
        else:
            self.step = t - self.last
        self.last = t
        if 2 * t + self.step < 2 * self.due:
            return False
        self.due += self.interval
        if self.due <= t:
            self.due = t + self.interval
        return True


def taken(times, interval):
    s = IntervalSampler(interval)
    return [t for t in times if s.take(t)]


def main():
    video = sys.argv[1]
    intervals = [int(x) * 1000 for x in sys.argv[2:]] or [40_000, 80_000, 200_000]
    every = frame_times(video, "default")
    kept = frame_times(video, "noref")
    step = (every[-1] - every[0]) / (len(every) - 1)
    print(f"{video}: {len(every)} frames, {len(kept)} decoded with skip_frame noref "
          f"({100 * (1 - len(kept) / len(every)):.0f} % skipped); frame step {step / 1000:.1f} ms")
    for interval in intervals:
        a = taken(every, interval)
        b = taken(kept, interval)
        missing = len(set(a) - set(kept))
        # Due times of the grid the full stream follows; the error of each frame noref's window takes.
        errors = [min(abs(t - d) for d in a) for t in b]
        worst = max(errors) if errors else 0
        off = sum(1 for e in errors if e > step / 2)
        print(f"  interval {interval / 1000:.0f} ms: windows take {len(a)} frames ({100 * len(a) / len(every):.0f} %); "
              f"{missing} of them ({100 * missing / len(a):.0f} %) are non-reference frames noref never decodes; "
              f"with noref the window takes {len(b)}, {off} of them more than half a frame step from the frame the "
              f"contract picks (worst {worst / 1000:.1f} ms)")


if __name__ == "__main__":
    main()
