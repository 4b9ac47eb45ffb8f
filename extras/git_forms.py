"""The add/edit form of Git repositories: the token is write-only (blank keeps it) and stored encrypted."""

from __future__ import annotations

from django import forms
from django.utils.text import slugify

from core.forms import BootstrapModelForm
from extras.choices import GitContentChoices
from extras.models import GitRepository

# Fields whose change makes the repository sync again (form field names).
SYNC_FORM_FIELDS = frozenset(
    {"remote_url", "branch", "username", "token", "clear_token", "token_env", "provided_contents"}
)


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
        # Set before the model validates, so "a token or a variable, not both" sees what will be stored.
        if cleaned.get("clear_token"):
            self.instance.token_encrypted = ""
        elif cleaned.get("token"):
            self.instance.set_token(cleaned["token"])
        return cleaned

    @property
    def needs_sync(self) -> bool:
        return self.instance._state.adding or bool(SYNC_FORM_FIELDS & set(self.changed_data))
