"""The build server: imports and notebook kernels kept warm between builds of one project.

Most of a small rebuild is fixed cost, paid again by every ``jobbook build``: importing Sphinx,
pandas and papermill, and starting kernels with pandas and Altair loaded. So a build that ran
in its own process starts a server for the project in the background (as Quarto's kernel
daemon and Gradle's daemon do). The server does those imports once and keeps one kernel per
core running. The next ``jobbook build`` that has something to build hands its command to the
server, which forks a child that runs the very same command (same arguments, working
directory, environment and terminal) on the kept kernels, and sends back its exit code. The
child is a copy of the server, so it starts with everything imported; the build itself is the
same code as without a server.

The server exits after its idle time without a build, when the project's ``_build`` folder is
removed, or when a client comes with other code or another environment (their keys differ):
that client builds in its own process and starts a new server. ``JOBBOOK_BUILD_SERVER=0``
or ``jobbook build --no-server`` turns the server off; a number sets the idle time in seconds.

Usage of the module itself (``jobbook build`` does this): ``python -m jobbook.buildserver ROOT IDLE``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import traceback
from pathlib import Path
from typing import NoReturn

from jobbook.fingerprint import digest_parts, environment_digest, package_code_digest

SERVER_ENV = "JOBBOOK_BUILD_SERVER"
DEFAULT_IDLE_SECONDS = 900.0
LOG_NAME = "build-server.log"  # in _build/
#: The standard streams a client hands over: the build's output goes straight to its terminal.
STREAMS = (0, 1, 2)


def idle_seconds() -> float:
    """How long a server waits for the next build; 0 when servers are turned off."""
    raw = os.environ.get(SERVER_ENV, "").strip().lower()
    if raw == "":
        return DEFAULT_IDLE_SECONDS
    if raw in ("0", "off", "no", "false"):
        return 0.0
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if seconds < 0:
        raise ValueError(f"{SERVER_ENV}={raw!r}: expected 0 (off) or the server's idle time in seconds")
    return seconds


def address(root: Path) -> str:
    """The server's socket, in Linux's abstract namespace: no file to clean up, and only one
    server per project can bind it."""
    return "\0jobbook-build-" + hashlib.sha256(str(root.resolve()).encode("utf-8")).hexdigest()[:24]


def server_key(root: Path) -> str:
    """What a server's imports were made from: a client with another key must not use it."""
    return digest_parts([package_code_digest(), environment_digest(root), sys.executable, sys.version,
                         str(root.resolve())])


# --- the client side: `jobbook build` ------------------------------------------------------------

def build_on_server(root: Path, argv: list[str]) -> int | None:
    """Run ``jobbook ARGV`` on the project's server; its exit code, or None when no server with
    this code and environment is there (the caller then builds in its own process)."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(address(root))
        request = {"key": server_key(root), "argv": argv, "cwd": os.getcwd(), "env": dict(os.environ)}
        socket.send_fds(sock, [json.dumps(request).encode("utf-8") + b"\n"], list(STREAMS))
        replies = sock.makefile("rb")
        first = _receive(replies)  # waits while a server that has just started is still preparing
    except OSError:
        sock.close()
        return None
    with sock, replies:
        if first is None or "pid" not in first:
            return None  # a server from other code: it stops, and this build runs here
        while True:
            try:
                reply = _receive(replies)
            except KeyboardInterrupt:  # Ctrl+C reaches this process only: pass it on to the build
                with contextlib.suppress(OSError):
                    os.kill(first["pid"], signal.SIGINT)
                continue
            if reply is None:
                print("jobbook build: the build server's build process stopped without an exit code; "
                      f"its log is {root / '_build' / LOG_NAME}", file=sys.stderr)
                return 1
            if "exit" in reply:
                return int(reply["exit"])


def wait_until_ready(root: Path, timeout: float = 120.0) -> bool:
    """Whether the project's server answers within ``timeout`` seconds (it answers once its imports
    and kernels are ready; one that was just started may not listen yet)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
                sock.settimeout(max(0.1, deadline - time.monotonic()))
                sock.connect(address(root))
                _send(sock, {"ping": True})
                with sock.makefile("rb") as replies:
                    reply = _receive(replies)
            return bool(reply and reply.get("ready"))
        except ConnectionRefusedError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.1)
        except OSError:
            return False


def start_server(root: Path) -> None:
    """Start the project's server in the background, for the next build (it exits at once when
    one is running already)."""
    idle = idle_seconds()
    build_dir = root / "_build"
    if not idle or not build_dir.is_dir():
        return
    with open(build_dir / LOG_NAME, "ab") as log:
        subprocess.Popen([sys.executable, "-m", "jobbook.buildserver", str(root), str(idle)],
                         stdin=subprocess.DEVNULL, stdout=log, stderr=log, cwd=root, start_new_session=True)


def _send(conn: socket.socket, message: dict) -> None:
    conn.sendall(json.dumps(message).encode("utf-8") + b"\n")


def _receive(stream) -> dict | None:
    line = stream.readline()
    return json.loads(line) if line else None


# --- the server side ------------------------------------------------------------------------------

class KernelKeeper:
    """The server's kernels: one per core, in the project's notebooks folder, book modules imported."""

    def __init__(self, cwd: Path, count: int):
        self.cwd, self.count = cwd, count
        self.managers: list = []

    def fill(self) -> None:
        """Replace kernels that have stopped (a build discards one after a failed notebook)."""
        from jobbook.notebooks import start_preloaded_kernel

        for km in [km for km in self.managers if not km.is_alive()]:
            self.managers.remove(km)
            with contextlib.suppress(Exception):
                km.shutdown_kernel(now=True)  # removes its connection file
        while len(self.managers) < self.count:
            self.managers.append(start_preloaded_kernel(self.cwd))

    def running(self) -> list[tuple[dict, int]]:
        """(connection info, process id) of each running kernel, for BuildOptions.kernels."""
        return [(km.get_connection_info(), km.provisioner.process.pid) for km in self.managers if km.is_alive()]

    def stop(self) -> None:
        for km in self.managers:
            with contextlib.suppress(Exception):
                km.shutdown_kernel(now=True)
        self.managers = []


def preload() -> None:
    """What every build imports, imported once here: the children are forked from this process."""
    import nbformat  # noqa: F401
    import papermill  # noqa: F401
    from jupyter_client.manager import KernelManager  # noqa: F401

    from jobbook import buildreport, cli, dataset, pipeline  # noqa: F401
    from jobbook.sphinxbuild import import_stack

    import_stack()


def log(message: str) -> None:
    print(f"{time.strftime('%Y-%m-%d %H:%M:%S')} [{os.getpid()}] {message}", flush=True)


def bind(root: Path, attempts: int = 20) -> socket.socket | None:
    """The listening socket; None when another server holds the address (after a short wait, for
    a stale server that is still on its way out)."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    for _ in range(attempts):
        try:
            listener.bind(address(root))
        except OSError:
            time.sleep(0.1)
            continue
        listener.listen(16)
        return listener
    listener.close()
    return None


def serve(root: Path, idle: float) -> int:
    """Serve builds until idle for ``idle`` seconds, ``_build`` is gone, or a client has another key."""
    listener = bind(root)
    if listener is None:
        log("another server runs for this project")
        return 0
    started = time.monotonic()
    kernels = KernelKeeper(root / "notebooks", os.cpu_count() or 1)
    reason = "idle"
    try:
        preload()
        key = server_key(root)  # of the code just imported
        kernels.fill()
        log(f"ready in {time.monotonic() - started:.1f} s with {len(kernels.managers)} kernels")
        listener.settimeout(1.0)
        last = time.monotonic()
        while time.monotonic() - last < idle:
            if not (root / "_build").is_dir():
                reason = "_build was removed"
                break
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(None)
                if not serve_one(conn, key, listener, kernels):
                    reason = "a client with other code or another environment came"
                    break
            kernels.fill()
            last = time.monotonic()
    finally:
        listener.close()  # first: a new server may bind while the kernels shut down
        kernels.stop()
        log(f"stopped: {reason}")
    return 0


def serve_one(conn: socket.socket, key: str, listener: socket.socket, kernels: KernelKeeper) -> bool:
    """Run one client's build in a forked child and wait for it; False when the key differs."""
    data, fds, _, _ = socket.recv_fds(conn, 1 << 16, len(STREAMS))
    while not data.endswith(b"\n"):
        more = conn.recv(1 << 16)
        if not more:
            break
        data += more
    try:
        request = json.loads(data)
    except ValueError:
        request = {}
    if request.get("ping"):
        _send(conn, {"ready": True})
        return True
    if request.get("key") != key or len(fds) != len(STREAMS):
        for fd in fds:
            os.close(fd)
        with contextlib.suppress(OSError):
            _send(conn, {"stale": True})
        return request.get("key") in (None, key)  # a garbled request is refused; another key ends the server
    running = kernels.running()  # here: a forked child cannot ask whether the kernels (not its children) live
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        run_child(conn, listener, fds, request, running)
    for fd in fds:
        os.close(fd)
    _, status = os.waitpid(pid, 0)
    log(f"build {request['argv']} in {request['cwd']}: exit {os.waitstatus_to_exitcode(status)}")
    return True


def run_child(conn: socket.socket, listener: socket.socket, fds: list[int], request: dict,
              kernels: list[tuple[dict, int]]) -> NoReturn:
    """The forked child: take over the client's streams, directory and environment, and run its command."""
    code = 1
    try:
        listener.close()
        for target, fd in zip(STREAMS, fds, strict=True):
            os.dup2(fd, target)
            os.close(fd)
        sys.stdout = open(1, "w", encoding="utf-8", errors="backslashreplace", closefd=False,  # noqa: SIM115
                          buffering=1 if os.isatty(1) else -1)
        sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", closefd=False, buffering=1)  # noqa: SIM115
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        signal.signal(signal.SIGINT, signal.default_int_handler)
        _send(conn, {"pid": os.getpid()})
        from jobbook import cli

        code = cli.main(request["argv"], kept_kernels=kernels)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        traceback.print_exc()
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        with contextlib.suppress(Exception):
            _send(conn, {"exit": code})
        os._exit(code)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m jobbook.buildserver ROOT IDLE_SECONDS", file=sys.stderr)
        return 2
    return serve(Path(args[0]).resolve(), float(args[1]))


if __name__ == "__main__":
    sys.exit(main())
