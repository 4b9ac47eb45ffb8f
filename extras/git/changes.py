"""What an edit does to a Git repository's credentials, and whether it needs a sync: one rule for API and UI.

A stored token (or the variable naming one) belongs to the host it was given for. Whoever may change a
repository cannot read its token, but could otherwise point `remote_url` at a host of their own and
have the next sync send them the token. So when an edit moves the remote to another scheme, host or
port, the token, the token variable and the username are removed, unless the same edit gives them
anew; the caller tells the user so (`RepositoryChange.dropped`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from core.encryption import encrypt_secret
from extras.models import GitRepository
from extras.models.git import SCP_LIKE

# A change to any of these (model fields) makes the repository sync again.
SYNC_FIELDS = frozenset(
    {"remote_url", "branch", "username", "token_encrypted", "token_env", "provided_contents"}
)
DEFAULT_PORTS = {"http": 80, "https": 443, "ssh": 22, "git": 9418}
CREDENTIAL_LABELS = {"token_encrypted": "token", "token_env": "token variable", "username": "username"}


@dataclass(frozen=True)
class RepositoryChange:
    """Model fields to store on top of the request's own, what was dropped, and whether to sync."""

    values: dict = field(default_factory=dict)
    dropped: tuple[str, ...] = ()  # labels of the credentials removed because the remote moved
    needs_sync: bool = False
    old_origin: str = ""
    new_origin: str = ""

    @property
    def message(self) -> str:
        """A sentence for the user when credentials were dropped ("" otherwise)."""
        if not self.dropped:
            return ""
        were, them = ("were", "them") if len(self.dropped) > 1 else ("was", "it")
        return (
            f"The remote moved to another host ({self.old_origin} → {self.new_origin}), so the stored "
            f"{' and '.join(self.dropped)} {were} removed: enter {them} again if the new remote needs {them}."
        )


def remote_origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) of a remote; a local path is ("file", "", None). Unparsable → the text itself."""
    url = (url or "").strip()
    if SCP_LIKE.match(url):  # user@host:path
        return ("ssh", url.split("@", 1)[1].split(":", 1)[0].lower(), DEFAULT_PORTS["ssh"])
    if url.startswith("/"):
        return ("file", "", None)
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        return (scheme, (parts.hostname or "").lower(), parts.port or DEFAULT_PORTS.get(scheme))
    except ValueError:  # a bad port or bracket: never equal to a good origin
        return ("", url, None)


def describe_origin(origin: tuple[str, str, int | None]) -> str:
    scheme, host, port = origin
    if scheme == "file":
        return "a local path"
    shown = f"{scheme}://{host}" if scheme else host
    return f"{shown}:{port}" if port and port != DEFAULT_PORTS.get(scheme) else shown


def plan_change(
    repository: GitRepository | None, requested: dict, *, token: str | None = None
) -> RepositoryChange:
    """Decide what an add or edit stores besides `requested`, and whether the repository must sync.

    `repository` is the row as stored (None, or not yet saved, when adding); `requested` holds the
    model fields the request gives, already validated (a form passes only the fields it changed);
    `token` is a new clear token, "" to remove the stored one, None to keep it. The clear token goes
    no further than this function: `values["token_encrypted"]` holds its ciphertext.
    """
    values: dict = {}
    if token is not None:
        values["token_encrypted"] = encrypt_secret(token)
    adding = repository is None or repository._state.adding
    if adding:
        return RepositoryChange(values=values, needs_sync=True)
    dropped: list[str] = []
    old_origin = remote_origin(repository.remote_url)
    new_origin = remote_origin(requested.get("remote_url", repository.remote_url))
    if new_origin != old_origin:
        new_token = bool(token)
        new_variable = bool(requested.get("token_env"))
        clear = {}
        if not new_token:
            clear["token_encrypted"] = ""
        if "token_env" not in requested:
            clear["token_env"] = ""
        if "username" not in requested and not (new_token or new_variable):
            clear["username"] = ""
        for name, value in clear.items():
            if getattr(repository, name):
                dropped.append(CREDENTIAL_LABELS[name])
            values[name] = value
    final = {**requested, **values}
    needs_sync = any(name in final and final[name] != getattr(repository, name) for name in SYNC_FIELDS)
    return RepositoryChange(
        values=values,
        dropped=tuple(dropped),
        needs_sync=needs_sync,
        old_origin=describe_origin(old_origin),
        new_origin=describe_origin(new_origin),
    )
