"""GitRepository: a Git remote whose `jobs/` package is a source of jobs, with its recorded commit."""

from __future__ import annotations

import os
import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models

from core.encryption import SecretUnreadable, SecretVariableMissing, decrypt_secret, encrypt_secret
from core.models import BaseModel, ChangeLoggedMixin
from extras.choices import GitContentChoices

SCP_LIKE = re.compile(r"^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:(?!//)\S+$")  # git@github.com:org/repo.git
REMOTE_SCHEMES = ("http", "https", "ssh", "git", "file")
BRANCH_NAME = re.compile(r"^(?!-)(?!.*\.\.)(?!.*//)(?!.*@\{)[A-Za-z0-9._/+-]+(?<!\.lock)(?<![/.])$")
# Only the variable named after the repository's own slug may be named: otherwise anyone allowed to edit a
# repository could make the workers send DATABASE_URL, or another repository's token, to a remote of their
# choosing as a password.
TOKEN_ENV_PREFIX = "GIT_TOKEN_"
TOKEN_ENV_NAME = re.compile(rf"^{TOKEN_ENV_PREFIX}[A-Z0-9_]+$")


def validate_remote_url(value: str) -> None:
    """HTTP(S), SSH (URL or scp-like), git://, file:// or an absolute local path; never a password in it."""
    if SCP_LIKE.match(value):
        return
    if any(char in value for char in "\r\n\0"):
        raise ValidationError("A remote URL cannot contain line breaks.")
    if value.startswith("/"):
        return
    parts = urlsplit(value)
    if parts.scheme not in REMOTE_SCHEMES or (parts.scheme != "file" and not parts.hostname):
        raise ValidationError(
            "Enter an http(s)://, ssh://, git:// or file:// URL, user@host:path, or an absolute local path."
        )
    if parts.password:
        raise ValidationError(
            "Do not put a password or token in the URL (it would be stored in clear): use the token field."
        )


def validate_branch(value: str) -> None:
    if not BRANCH_NAME.match(value):
        raise ValidationError(f'"{value}" is not a valid branch name.')


def validate_token_env(value: str) -> None:
    if not TOKEN_ENV_NAME.match(value):
        raise ValidationError(
            f"Name the environment variable {TOKEN_ENV_PREFIX}<SLUG> (the slug in capitals, - as _)."
        )


def token_env_for(slug: str) -> str:
    """The one environment variable a repository may take its token from: GIT_TOKEN_<SLUG, - as _>."""
    return TOKEN_ENV_PREFIX + slug.upper().replace("-", "_")


def default_provided_contents() -> list[str]:
    return [GitContentChoices.JOBS]


class GitRepository(ChangeLoggedMixin, BaseModel):
    """A Git remote cloned into GIT_ROOT/<slug> on every machine that needs its code.

    `current_head` is the authority: the sync job sets it, and every process checks its own clone
    out at that commit before it imports the repository's jobs. `job_fallbacks` maps a module that
    failed to import at `current_head` to the last commit at which it imported, so its jobs keep
    running that code until a good commit arrives. The token is stored encrypted (core.encryption)
    or read by the workers from an environment variable; it is never shown back.
    """

    changelog_serializer = "extras.git.serializers.GitRepositorySerializer"

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(
        max_length=100, unique=True, help_text='Its jobs\' class paths start with "git.<slug>/".'
    )
    remote_url = models.CharField(
        max_length=255,
        validators=[validate_remote_url],
        verbose_name="remote URL",
        help_text="https://, ssh://, git@host:path, file:// or a local path.",
    )
    branch = models.CharField(max_length=255, default="main", validators=[validate_branch])
    username = models.CharField(max_length=100, blank=True)
    token_encrypted = models.TextField(blank=True, editable=False)
    token_env = models.CharField(
        max_length=100,
        blank=True,
        validators=[validate_token_env],
        verbose_name="token environment variable",
        help_text=f"Instead of a stored token: the name of a variable ({TOKEN_ENV_PREFIX}…) set on the workers.",
    )
    provided_contents = models.JSONField(default=default_provided_contents, blank=True)
    current_head = models.CharField(max_length=48, blank=True, editable=False)
    job_fallbacks = models.JSONField(default=dict, blank=True, editable=False)
    last_sync_result = models.ForeignKey(
        "extras.JobResult", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "Git repository"
        verbose_name_plural = "Git repositories"

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if (
            not self._state.adding
            and GitRepository.objects.filter(pk=self.pk).exclude(slug=self.slug).exists()
        ):
            errors["slug"] = (
                "The slug cannot change once the repository exists: its jobs' class paths use it."
            )
        if self.token_env and self.token_encrypted:
            errors["token_env"] = "Give either a token or the name of a variable holding it, not both."
        elif self.token_env and self.slug and TOKEN_ENV_NAME.match(self.token_env):  # else the field says
            problem = self.token_env_problem()
            if problem:
                errors["token_env"] = problem
        contents = self.provided_contents
        if not isinstance(contents, list) or any(item not in GitContentChoices.values() for item in contents):
            errors["provided_contents"] = (
                f"A list of: {', '.join(GitContentChoices.values())} (got {self.provided_contents!r})."
            )
        if errors:
            raise ValidationError(errors)

    # --- credentials ----------------------------------------------------------------------------
    def token_env_problem(self) -> str:
        """Why `token_env` may not be used by this repository ("" when it may)."""
        expected = token_env_for(self.slug)
        if self.token_env != expected:
            return (
                f"The token variable of this repository must be named {expected} (from its slug), "
                "so that a repository can only use its own token."
            )
        others = GitRepository.objects.exclude(pk=self.pk).values_list("name", "slug")
        sharing = [name for name, slug in others if token_env_for(slug) == expected]
        if sharing:
            return (
                f"{expected} would also be the token variable of repository {sharing[0]} (a similar slug): "
                "store the token instead."
            )
        return ""

    def set_token(self, token: str) -> None:
        self.token_encrypted = encrypt_secret(token)

    @property
    def has_token(self) -> bool:
        return bool(self.token_encrypted or self.token_env)

    def get_token(self) -> str:
        """The clear token, for the one git command that needs it.

        Raises SecretUnreadable, or SecretVariableMissing when the variable is not set in this process.
        """
        if self.token_env:
            # Checked again here: a row saved before the name was restricted must not read another's token.
            if self.token_env != token_env_for(self.slug):
                raise SecretUnreadable(
                    f"The token variable {self.token_env} is not this repository's own "
                    f"({token_env_for(self.slug)}): edit the repository."
                )
            if self.token_env not in os.environ:
                raise SecretVariableMissing(self.token_env)
            return os.environ[self.token_env]
        return decrypt_secret(self.token_encrypted)

    # --- state ----------------------------------------------------------------------------------
    @property
    def source_name(self) -> str:
        return f"git.{self.slug}"

    @property
    def provided_contents_labels(self) -> list[str]:
        return [GitContentChoices.label_of(item) for item in self.provided_contents or []]

    @property
    def provides_jobs(self) -> bool:
        return GitContentChoices.JOBS in (self.provided_contents or [])

    @property
    def sync_status(self) -> str:
        """Status of the latest sync ("" when it was never synced)."""
        return self.last_sync_result.status if self.last_sync_result_id else ""

    @property
    def last_synced(self):
        result = self.last_sync_result if self.last_sync_result_id else None
        return (result.completed or result.created) if result else None
