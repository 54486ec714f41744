"""`initlab serve`: Voila on the app's notebooks with the classroom configuration, as a class
uses it. `/` redirects to the dashboard, so a learner given the bare address lands in the lab;
the other notebooks stay at /voila/render/<name> (the dashboard links them)."""
import errno
import json
import socket

from jupyter_server.utils import url_path_join
from tornado.web import RedirectHandler
from voila.app import Voila

from .app_files import DASHBOARD, NOTEBOOKS, config_dir, notebooks_dir

# The lecture trains its figures at render time and the exercises are read, not run: a
# preheated kernel for either would train for nobody.
NO_PREHEAT = [name for name in NOTEBOOKS if name != DASHBOARD]
PORTS = range(1, 65536)


class ServeError(Exception):
    """A reason the server cannot start, worded for the person who typed the command."""


def config_args():
    """The one argument that gives Voila the classroom configuration (voila.json, voila.py)."""
    return [f"--Voila.config_file_paths={config_dir()}"]


def default_address():
    """(ip, port) from voila.json, the classroom configuration's own defaults."""
    cfg = json.loads((config_dir() / "voila.json").read_text())["Voila"]
    return cfg["ip"], cfg["port"]


def voila_argv(ip, port):
    # port_retries=0: a busy port is an error (checked before start), never a silent other port.
    return [str(notebooks_dir()), *config_args(),
            f"--VoilaKernelManager.preheat_denylist={NO_PREHEAT!r}",
            f"--Voila.ip={ip}", f"--port={port}", "--Voila.port_retries=0"]


def check_can_listen(ip, port):
    """Raise ServeError, in plain words, unless a server could listen on ip:port now."""
    if port not in PORTS:
        raise ServeError(f"port {port} is out of range: use a port from 1 to 65535")
    try:
        infos = socket.getaddrinfo(ip, port, socket.AF_UNSPEC, socket.SOCK_STREAM, 0,
                                   socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise ServeError(f"cannot listen on {ip}: not an address of this machine ({exc.strerror})")
    for family, kind, proto, _, address in infos:
        with socket.socket(family, kind, proto) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as tornado binds
            try:
                s.bind(address)
            except OSError as exc:
                if exc.errno == errno.EADDRINUSE:
                    raise ServeError(f"port {port} on {ip} is already in use: stop what holds it, "
                                     "or pick another with --port N") from None
                if exc.errno == errno.EACCES:
                    raise ServeError(f"no permission to listen on port {port}: ports below 1024 "
                                     "need root; pick another with --port N") from None
                if exc.errno == errno.EADDRNOTAVAIL:
                    raise ServeError(f"cannot listen on {ip}: not an address of this machine") from None
                raise ServeError(f"cannot listen on {ip}:{port}: {exc.strerror}") from None


class InitLabVoila(Voila):
    """Voila serving a directory, with `/` sent to the dashboard instead of the file list."""

    def init_handlers(self):
        dashboard = url_path_join(self.server_url, "voila/render", DASHBOARD)
        # Tornado takes the first matching rule: this one shadows Voila's tree page at `/`
        # (still at /voila/tree). The redirect keeps the query string, so /?dataset=moons works.
        return [(self.server_url, RedirectHandler, {"url": dashboard, "permanent": False})] + super().init_handlers()


def serve(ip, port):
    """Check the address, then run the server until interrupted (Voila's own exit code)."""
    check_can_listen(ip, port)
    InitLabVoila.launch_instance(argv=voila_argv(ip, port))
