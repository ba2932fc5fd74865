"""Exits with a sentence saying what to do when the demo's port is taken, before anything is installed."""

from __future__ import annotations

import socket
import sys

port = int(sys.argv[1])
with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
    probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        probe.bind(("127.0.0.1", port))
    except OSError:
        sys.exit(
            f"Port {port} on 127.0.0.1 is in use. Stop what runs there, or choose another: PORT={port + 1} make demo"
        )
