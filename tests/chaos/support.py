"""What the chaos tests share besides tests/runs.py: a Redis server of their own, restarting the database."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections

from tests.runs import wait_for


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class RedisServer:
    """A Redis of the test's own on a free port, without persistence (a restart forgets every queue)."""

    folder: Path
    port: int
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        command = [redis_server(), "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        command += ["--appendonly", "no", "--dir", str(self.folder)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(self.answers, 10, message=f"redis on port {self.port}")
        return self

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def restart(self) -> None:
        self.stop()
        self.start()


def redis_server() -> str:
    path = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not os.path.exists(path):
        raise FileNotFoundError("redis-server is not installed (apt-get install redis-server)")
    return path


def stop_database() -> None:
    """Stop the embedded PostgreSQL (fast shutdown: its clients are disconnected); start it with start_database()."""
    settings.EMBEDDED_DATABASE.stop()
    for connection in connections.all(initialized_only=True):
        connection.close()


def start_database() -> None:
    settings.EMBEDDED_DATABASE.start()
    for connection in connections.all(initialized_only=True):
        connection.close()


def restart_database() -> None:
    """Restart the PostgreSQL server the suite uses: the embedded one, or the command CI names for its own."""
    server = settings.EMBEDDED_DATABASE
    if server is not None:
        server.stop()
        server.start()
    else:
        command = os.environ.get("CHAOS_DATABASE_RESTART")
        if not command:
            raise RuntimeError(
                "Set CHAOS_DATABASE_RESTART to the command that restarts the external PostgreSQL"
            )
        subprocess.run(command, shell=True, check=True, timeout=60)
    for connection in connections.all(initialized_only=True):
        connection.close()
