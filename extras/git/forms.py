"""The add/edit form of Git repositories: the token is write-only (blank keeps it) and stored encrypted.

What an edit does to the credentials and whether it syncs is decided by extras.git.changes.plan_change,
as for the API; the view reads `form.change` (and says when a move of the remote dropped the token).
"""

from __future__ import annotations

from django import forms
from django.utils.text import slugify

from core.forms import BootstrapModelForm
from extras.choices import GitContentChoices
from extras.git.changes import RepositoryChange, plan_change
from extras.models import GitRepository
from extras.models.git import TOKEN_ENV_PREFIX

# The model fields the form edits that plan_change() weighs (the others cannot move credentials).
MODEL_FIELDS = ("remote_url", "branch", "username", "token_env", "provided_contents")


class GitRepositoryForm(BootstrapModelForm):
    slug = forms.SlugField(
        max_length=100, required=False, help_text="Defaults from the name. It cannot change later."
    )
    token = forms.CharField(
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text="A personal access token for HTTPS remotes. Stored encrypted; never shown again.",
    )
    clear_token = forms.BooleanField(required=False, label="Remove the stored token")
    provided_contents = forms.MultipleChoiceField(
        choices=GitContentChoices.as_choices(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        initial=[GitContentChoices.JOBS],
        label="Provides",
    )

    class Meta:
        model = GitRepository
        fields = [
            "name",
            "slug",
            "remote_url",
            "branch",
            "username",
            "token",
            "token_env",
            "provided_contents",
        ]
        help_texts = {
            "token_env": f"Instead of a stored token: {TOKEN_ENV_PREFIX}<SLUG> (the slug in capitals, - as _), "
            "set in every process that syncs or resolves this repository's jobs (web, worker, beat).",
        }

    change: RepositoryChange | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance._state.adding:
            self.fields["slug"].disabled = True
            self.fields["slug"].help_text = "Its jobs' class paths use it, so it cannot change."
        if self.instance.token_encrypted:
            self.fields["token"].widget.attrs["placeholder"] = "******** (leave empty to keep it)"
        else:
            del self.fields["clear_token"]

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.instance._state.adding and not cleaned.get("slug") and cleaned.get("name"):
            cleaned["slug"] = slugify(cleaned["name"])[:100]
        token = "" if cleaned.get("clear_token") else (cleaned.get("token") or None)
        requested = {
            name: cleaned[name] for name in MODEL_FIELDS if name in self.changed_data and name in cleaned
        }
        self.change = plan_change(self.instance, requested, token=token)
        # Set before the model validates, so "a token or a variable, not both" sees what will be stored.
        for name, value in self.change.values.items():
            if name in self.fields:
                cleaned[name] = value  # what the form saves into the instance
            else:
                setattr(self.instance, name, value)
        return cleaned

    @property
    def needs_sync(self) -> bool:
        return self.change is not None and self.change.needs_sync
