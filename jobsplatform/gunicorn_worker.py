"""The web server's worker class: gunicorn's threaded worker (gthread), taking a connection only when it has
a thread free for it, and never waiting long for a client.

gthread as it is accepts up to `worker_connections` (1000) connections whatever its threads are doing: a
process whose threads were all held (requests whose bodies never came, long `?wait=` requests) went on
accepting connections, which then waited there while the other processes were idle, until a thread came
free: one of 20 concurrent requests sat 60 s (issue 20, defect 9). Here a process stops listening while each
of its threads has a connection, and listens again as soon as one is done, so a new connection stays in the
kernel's listen queue for whichever process has a thread free. Connections are therefore not kept alive
after their answer. A client that sends nothing (or reads nothing) for CLIENT_TIMEOUT seconds is
disconnected, so a stalled client frees its thread.
"""

from __future__ import annotations

import selectors
import threading

from gunicorn.workers import gthread

CLIENT_TIMEOUT = 5.0  # seconds a client may keep a thread waiting without sending or reading a byte


class ThreadWorker(gthread.ThreadWorker):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_keepalived = 0  # a kept-alive connection would hold a place without using a thread
        # gthread counts connections in its main thread and in the pool's threads without a lock; a lost
        # update would shrink this process's capacity for good, now that the count decides when it listens.
        self._count_lock = threading.RLock()
        self._paused: dict = {}  # listening socket -> its accept callback, while the threads are all taken

    def accept(self, server, listener):
        with self._count_lock:
            super().accept(server, listener)
            if self.nr_conns >= self.cfg.threads:
                self._pause_listening()

    def finish_request(self, fs):
        with self._count_lock:
            super().finish_request(fs)
            if self.nr_conns < self.cfg.threads:
                self._resume_listening()

    def enqueue_req(self, conn):
        conn.init()
        conn.sock.settimeout(CLIENT_TIMEOUT)
        self._wrap_future(self.tpool.submit(self.handle, conn), conn)

    def _pause_listening(self) -> None:
        with self._lock:
            for sock in self.sockets:
                if sock not in self._paused:
                    self._paused[sock] = self.poller.unregister(sock).data

    def _resume_listening(self) -> None:
        with self._lock:
            for sock, accept in self._paused.items():
                self.poller.register(sock, selectors.EVENT_READ, accept)
            self._paused.clear()
