#!/usr/bin/python3
"""The bench's RTSP camera: GStreamer's RTSP server sending an H.264 elementary stream file in a loop, at its frame rate.

usage: rtsp_file_server.py PORT FILE.h264   -> rtsp://127.0.0.1:PORT/live
The encoded bytes are sent as they are (no re-encoding), so the server's own CPU cost stays small and does not grow
with the number of clients: the media is shared, every client gets the same packets. The file must have no B-frames
(as a camera's stream): an elementary stream carries decode times only, which are then the presentation times. Prints "ready" once it listens; runs until killed.
"""
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

port, path = sys.argv[1], sys.argv[2]
Gst.init(None)
server = GstRtspServer.RTSPServer()
server.set_address("127.0.0.1")
server.set_service(port)
factory = GstRtspServer.RTSPMediaFactory()
factory.set_launch(
    "( multifilesrc location=\"%s\" loop=true ! h264parse name=parse "
    "! rtph264pay name=pay0 pt=96 config-interval=1 )" % path)
factory.set_shared(True)


def stamp(pad, info):
    # An elementary stream carries decode times only; without B-frames presentation time is decode time.
    buf = info.get_buffer()
    if buf.pts == Gst.CLOCK_TIME_NONE:
        buf.pts = buf.dts
    return Gst.PadProbeReturn.OK


def configure(factory, media):
    media.get_element().get_by_name("parse").get_static_pad("src").add_probe(Gst.PadProbeType.BUFFER, stamp)


factory.connect("media-configure", configure)
server.get_mount_points().add_factory("/live", factory)
if server.attach(None) == 0:
    sys.exit("cannot listen on port " + port)
print("ready", flush=True)
GLib.MainLoop().run()
