"""Real Git for tests: a bare "remote" in a temp folder, a working copy to commit and push from,
the seed-002 job repository, and a small HTTP server (git http-backend) that demands credentials."""

from __future__ import annotations

import base64
import os
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from git import Actor, Repo

from extras.models import JobLogEntry

AUTHOR = Actor("Test Author", "author@example.com")

MERAKI_USERS = '''"""Seed 002: add users to a Meraki organization (here: log what would be done)."""

import os

from extras.jobs import ChoiceVar, Job, StringVar

from .common import ACCESS_LEVELS

EMAIL_REGEX = os.getenv("NAUTOBOT_JOB_MERAKI_EMAIL_VALIDATION_REGEX", r"^[^@\\s]+@[^@\\s]+$")
name = "Meraki"


class CreateUsers(Job):
    """Class to create a Meraki user"""

    user_email = StringVar(
        description="User Email to add", label=f"User Email, regex: {EMAIL_REGEX}", regex=EMAIL_REGEX
    )
    user_name = StringVar(description="User name")
    meraki_org_id = ChoiceVar(description="Organization", choices=(("123456", "Lab"), ("111111", "Production")))
    meraki_network = StringVar(description="Network")
    meraki_access_level = ChoiceVar(description="Level of access", label="Access Level", choices=ACCESS_LEVELS)

    class Meta:
        name = "Create Meraki User"
        has_sensitive_variables = False

    def __init__(self):
        super().__init__()
        self.data = None
        self.commit = None

    def run(self, data, commit):
        self.data = data
        self.commit = commit
        if self.commit is False:
            self.log_info(obj=None, message="Commit set to False")
            self.log_info(obj=None, message=f"Data pushed in: {self.data}")
        return self.load_yaml("defaults.yaml")["greeting"]
'''

COMMON = """ACCESS_LEVELS = (
    ("full", "Full"), ("read-only", "Read Only"), ("enterprise", "Enterprise"), ("none", "None")
)
"""

SEED_FILES = {
    "README.md": "Jobs for Meraki\n",
    "jobs/__init__.py": "",
    "jobs/meraki_users.py": MERAKI_USERS,
    "jobs/common.py": COMMON,
    "jobs/defaults.yaml": "greeting: created by version one\n",
}

SEED_DATA = {
    "user_email": "josh@example.com",
    "user_name": "Josh Testing API",
    "meraki_org_id": "123456",
    "meraki_network": "MN01",
    "meraki_access_level": "full",
}


def version_job(text: str, class_name: str = "Version") -> str:
    """A module with one job that returns `text` (and needs no input)."""
    return f'''from extras.jobs import Job


class {class_name}(Job):
    class Meta:
        has_sensitive_variables = False

    def run(self, data, commit):
        self.log_success(message="{text}")
        return "{text}"
'''


class RemoteRepository:
    """A bare repository acting as the remote, and a working copy that commits and pushes to it."""

    def __init__(self, base: Path, branch: str = "main"):
        self.branch = branch
        self.bare_path = Path(base) / "remote.git"
        Repo.init(self.bare_path, bare=True, initial_branch=branch)
        self.work = Repo.init(Path(base) / "work", initial_branch=branch)
        self.work.create_remote("origin", str(self.bare_path))

    @property
    def url(self) -> str:
        return str(self.bare_path)

    def push(self, files: dict[str, str | None], message: str = "Change jobs") -> str:
        """Write (or, for None, delete) files, commit and push; returns the new commit's hash."""
        root = Path(self.work.working_tree_dir)
        for name, content in files.items():
            path = root / name
            if content is None:
                self.work.index.remove([name], working_tree=True)
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content)
            self.work.index.add([name])
        commit = self.work.index.commit(message, author=AUTHOR, committer=AUTHOR)
        self.work.git.push("origin", f"HEAD:refs/heads/{self.branch}")
        return commit.hexsha


def log_messages(result) -> list[str]:
    return list(
        JobLogEntry.objects.filter(job_result_id=result.pk)
        .order_by("sequence")
        .values_list("message", flat=True)
    )


class _GitHTTPHandler(BaseHTTPRequestHandler):
    """Serves repositories under `server.root` through `git http-backend`, behind HTTP Basic auth."""

    def do_GET(self):
        self._serve()

    def do_POST(self):
        self._serve()

    def log_message(self, format, *args):
        self.server.requests.append(self.path)

    def _serve(self):
        header = self.headers.get("Authorization", "")
        self.server.authorizations.append(header)
        if header != self.server.expected:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="git"')
            self.end_headers()
            return
        parts = urlsplit(self.path)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        env = {
            "PATH": os.environ["PATH"],
            "GIT_PROJECT_ROOT": str(self.server.root),
            "GIT_HTTP_EXPORT_ALL": "1",
            "PATH_INFO": parts.path,
            "QUERY_STRING": parts.query,
            "REQUEST_METHOD": self.command,
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
            "CONTENT_LENGTH": str(len(body)),
            "REMOTE_USER": "tester",
        }
        if self.headers.get("Git-Protocol"):
            env["GIT_PROTOCOL"] = self.headers["Git-Protocol"]
        output = subprocess.run(["git", "http-backend"], input=body, env=env, capture_output=True).stdout
        head, _, payload = output.partition(b"\r\n\r\n")
        status = 200
        headers = []
        for line in head.decode().split("\r\n"):
            key, _, value = line.partition(":")
            if key.lower() == "status":
                status = int(value.split()[0])
            elif key:
                headers.append((key, value.strip()))
        self.send_response(status)
        for key, value in headers:
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


class AuthenticatedGitServer:
    """`http://127.0.0.1:<port>/<name>` for each bare repository under `root`; needs username:token."""

    def __init__(self, root: Path, username: str, token: str):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _GitHTTPHandler)
        self.server.root = Path(root)
        self.server.expected = "Basic " + base64.b64encode(f"{username}:{token}".encode()).decode()
        self.server.authorizations = []
        self.server.requests = []
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> AuthenticatedGitServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/{name}"

    @property
    def authorizations(self) -> list[str]:
        return self.server.authorizations
