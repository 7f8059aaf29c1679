#!/usr/bin/python3
"""A real RTSP server for end-to-end tests: GStreamer's gst-rtsp-server (Debian: gir1.2-gst-rtsp-server-1.0, python3-gi).

Serves H.264 at rtsp://127.0.0.1:PORT/stream, either a live test pattern or a video file (looped by restarting the
media when it ends). Prints "READY" once listening, then runs until killed.
"""
import argparse
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--file", help="video file to serve; default: a live test pattern")
    parser.add_argument("--width", type=int, default=320)
    parser.add_argument("--height", type=int, default=240)
    parser.add_argument("--fps", type=int, default=25)
    args = parser.parse_args()

    Gst.init(None)
    caps = "video/x-raw,width=%d,height=%d,framerate=%d/1" % (args.width, args.height, args.fps)
    if args.file:
        source = ("filesrc location=\"%s\" ! decodebin ! videoconvert ! videoscale ! videorate ! %s"
                  % (args.file, caps))
    else:
        source = "videotestsrc is-live=true pattern=ball ! %s ! timeoverlay" % caps
    launch = ("( %s ! videoconvert ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=%d bitrate=800 "
              "! rtph264pay name=pay0 pt=96 config-interval=1 )" % (source, args.fps))

    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(args.port))
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(launch)
    factory.set_shared(True)
    factory.set_eos_shutdown(False)
    server.get_mount_points().add_factory("/stream", factory)
    if server.attach(None) == 0:
        print("cannot listen on port %d" % args.port, file=sys.stderr, flush=True)
        sys.exit(1)
    print("READY", flush=True)
    GLib.MainLoop().run()


if __name__ == "__main__":
    main()
