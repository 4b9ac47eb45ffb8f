"""Forms of the user's own pages: creating an API token."""

from __future__ import annotations

from django import forms

from core.forms import BootstrapMixin

MAX_TOKEN_LIFETIME_DAYS = 3650


class TokenCreateForm(BootstrapMixin, forms.Form):
    """What a user chooses about a new token; the key itself is generated, never typed."""

    description = forms.CharField(max_length=200, required=False, help_text="What the token is for.")
    expires_in_days = forms.IntegerField(
        label="Expires in (days)",
        min_value=1,
        max_value=MAX_TOKEN_LIFETIME_DAYS,
        required=False,
        help_text="Leave empty for a token that does not expire.",
    )
    write_enabled = forms.BooleanField(
        label="Write enabled",
        required=False,
        initial=True,
        help_text="Allow POST, PUT, PATCH and DELETE requests; without it the token can only read.",
    )
