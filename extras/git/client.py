"""Clone, fetch and check out Git repositories with GitPython; credentials never touch disk or config.

Every clone is kept at a detached HEAD on one exact commit, so "is this clone at commit X" is one
small file read (`.git/HEAD`) and costs no git process. Credentials reach git only through the
environment of the one command that needs them: GIT_ASKPASS points at a tiny script (no secret in
it) that echoes two variables set for that command alone, credential helpers are switched off for
it (so nothing is stored in ~/.git-credentials), and URLs never carry them, so `.git/config` stays
clean. Every message that leaves this module has URLs' user info and the token masked.
Operations on one clone are serialized across processes with a file lock.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import tarfile
from contextlib import AbstractContextManager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from git import GitCommandError, InvalidGitRepositoryError, NoSuchPathError, Repo
from git.cmd import Git

from core import file_locks

USERNAME_VARIABLE = "JOBSPLATFORM_GIT_USERNAME"
PASSWORD_VARIABLE = "JOBSPLATFORM_GIT_PASSWORD"
ALLOWED_PROTOCOLS = "file:git:http:https:ssh"  # never ext:: (which runs commands) or other helpers
COMMAND_TIMEOUT = 300  # seconds for one git command (a clone of a big repository over a slow link)
MASK = "********"
ASKPASS_SCRIPT = f"""#!/bin/sh
# Answers git's credential prompts from the environment of the one command that asked (jobsplatform).
case "$1" in
  [Uu]sername*) printf '%s\\n' "${USERNAME_VARIABLE}" ;;
  *) printf '%s\\n' "${PASSWORD_VARIABLE}" ;;
esac
"""
COMMIT_HASH = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")
USER_INFO = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)[^/@\s]+@")


class GitError(Exception):
    """A git operation failed; the message is safe to show and log (credentials masked)."""


@dataclass(frozen=True)
class Credentials:
    """HTTPS credentials; without a username the token is sent as the username (`https://<token>@host`)."""

    username: str = ""
    token: str = field(default="", repr=False)

    def mask(self, text: str) -> str:
        text = USER_INFO.sub(r"\g<scheme>", text)
        for secret in (self.token,):
            if secret:
                text = text.replace(secret, MASK)
        return text


NO_CREDENTIALS = Credentials()


def askpass_path(root: Path) -> Path:
    """The askpass script under `root` (GIT_ROOT), written when missing or different."""
    path = Path(root) / ".jobsplatform-askpass"
    if not path.is_file() or path.read_text() != ASKPASS_SCRIPT:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}")
        temporary.write_text(ASKPASS_SCRIPT)
        temporary.chmod(0o700)
        temporary.replace(path)
    return path


def git_environment(root: Path, credentials: Credentials) -> dict[str, str]:
    """Variables for one git command: no prompts, no stored credentials, only plain protocols."""
    env = {
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_ALLOW_PROTOCOL": ALLOWED_PROTOCOLS,
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": "credential.helper",
        "GIT_CONFIG_VALUE_0": "",
        USERNAME_VARIABLE: "",
        PASSWORD_VARIABLE: "",
    }
    if credentials.token:
        env["GIT_ASKPASS"] = str(askpass_path(root))
        env[USERNAME_VARIABLE] = credentials.username or credentials.token
        env[PASSWORD_VARIABLE] = credentials.token if credentials.username else ""
    return env


def _run(git: Git, args: list[str], env: dict, credentials: Credentials, **options) -> str | bytes:
    try:
        return git.execute(["git", *args], env=env, kill_after_timeout=COMMAND_TIMEOUT, **options)
    except GitCommandError as error:
        detail = (error.stderr or error.stdout or str(error)).strip()
        detail = re.sub(r"^\s*stderr: '?|'$", "", detail, flags=re.MULTILINE).strip()
        raise GitError(credentials.mask(f"git {args[0]} failed: {detail}")) from None


def clone_lock(path: Path) -> AbstractContextManager[None]:
    """Exclusive across processes on this machine, for everything that changes the clone at `path`."""
    return file_locks.exclusive(Path(path).parent / ".locks" / f"{Path(path).name}.lock")


def current_commit(path: Path) -> str | None:
    """The commit a clone of ours is checked out at (its detached HEAD), without starting git."""
    try:
        head = (Path(path) / ".git" / "HEAD").read_text().strip()
    except OSError:
        return None
    return head if COMMIT_HASH.match(head) else None


def _open_or_clone(path: Path, remote_url: str, env: dict, credentials: Credentials) -> Repo:
    try:
        repo = Repo(path)
    except (InvalidGitRepositoryError, NoSuchPathError):
        repo = None
    if repo is not None:
        if repo.git.config("--get", "remote.origin.url", with_exceptions=False) != remote_url:
            _run(repo.git, ["remote", "set-url", "origin", remote_url], env, credentials)
        return repo
    shutil.rmtree(path, ignore_errors=True)
    temporary = path.with_name(f".{path.name}.clone-{os.getpid()}")
    shutil.rmtree(temporary, ignore_errors=True)
    temporary.parent.mkdir(parents=True, exist_ok=True)
    try:
        _run(Git(), ["clone", "--no-checkout", "--quiet", "--", remote_url, str(temporary)], env, credentials)
        temporary.replace(path)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    return Repo(path)


def _has_commit(repo: Repo, commit: str) -> bool:
    return bool(repo.git.execute(["git", "cat-file", "-t", commit], with_exceptions=False) == "commit")


def _fetch(repo: Repo, refspec: str, env: dict, credentials: Credentials) -> None:
    _run(repo.git, ["fetch", "--quiet", "--prune", "--no-tags", "origin", refspec], env, credentials)


def check_out(
    path: Path,
    remote_url: str,
    *,
    branch: str,
    commit: str | None = None,
    credentials: Credentials = NO_CREDENTIALS,
    fetch: bool = True,
) -> str:
    """Bring the clone at `path` to `commit`, or to the remote head of `branch` when `commit` is None.

    Clones when there is no clone yet, fetches only when the commit is missing (or to learn the
    branch head). Without `fetch` (the credentials it would need are missing) only a commit the clone
    already has can be checked out. Returns the commit checked out. Raises GitError.
    """
    path = Path(path)
    if commit and current_commit(path) == commit:
        return commit
    env = git_environment(path.parent, credentials)
    with clone_lock(path):
        if commit and current_commit(path) == commit:  # another process did it meanwhile
            return commit
        if not fetch:
            return _check_out_local(path, commit, env, credentials)
        repo = _open_or_clone(path, remote_url, env, credentials)
        remote_ref = f"refs/remotes/origin/{branch}"
        if commit is None or not _has_commit(repo, commit):
            _fetch(repo, f"+refs/heads/{branch}:{remote_ref}", env, credentials)
        if commit is None:
            commit = str(_run(repo.git, ["rev-parse", f"{remote_ref}^{{commit}}"], env, credentials))
        elif not _has_commit(repo, commit):
            with suppress(GitError):  # off the branch (force-pushed): servers may still hand it out by hash
                _fetch(repo, commit, env, credentials)
            if not _has_commit(repo, commit):
                raise GitError(
                    f"Commit {commit} cannot be found on the remote (was the branch force-pushed?)."
                )
        _run(repo.git, ["checkout", "--quiet", "--force", "--detach", commit], env, credentials)
        _run(repo.git, ["clean", "-ffdqx", "-e", "__pycache__"], env, credentials)
    return commit


def _check_out_local(path: Path, commit: str | None, env: dict, credentials: Credentials) -> str:
    try:
        repo = Repo(path)
    except (InvalidGitRepositoryError, NoSuchPathError):
        raise GitError("There is no clone on this machine yet, and it cannot be fetched.") from None
    if not commit or not _has_commit(repo, commit):
        wanted = f"Commit {commit}" if commit else "The branch head"
        raise GitError(f"{wanted} is not in this machine's clone, and it cannot be fetched.")
    _run(repo.git, ["checkout", "--quiet", "--force", "--detach", commit], env, credentials)
    _run(repo.git, ["clean", "-ffdqx", "-e", "__pycache__"], env, credentials)
    return commit


def changed_files(path: Path, old: str, new: str) -> list[str]:
    """`M jobs/a.py`-style lines between two commits of the clone (empty when unknown)."""
    if not old or old == new:
        return []
    output = Repo(path).git.execute(["git", "diff", "--name-status", old, new], with_exceptions=False)
    return [line.replace("\t", " ") for line in output.splitlines() if line.strip()]


def export_tree(path: Path, commit: str, target: Path) -> Path:
    """The files of `commit` (without .git) under `target`, extracted once and then reused."""
    target = Path(target)
    if target.is_dir():
        return target
    with clone_lock(path):
        if target.is_dir():
            return target
        data = _run(
            Repo(path).git, ["archive", "--format=tar", commit], {}, NO_CREDENTIALS, stdout_as_string=False
        )
        temporary = target.with_name(f".{target.name}.tmp-{os.getpid()}")
        shutil.rmtree(temporary, ignore_errors=True)
        temporary.mkdir(parents=True)
        with tarfile.open(fileobj=io.BytesIO(data)) as archive:
            archive.extractall(temporary, filter="data")
        temporary.replace(target)
    return target
