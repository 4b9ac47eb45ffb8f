"""Factory for Git repository records (no clone behind them: for API and page tests that do not sync)."""

from __future__ import annotations

import factory

from extras.models import GitRepository


class GitRepositoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GitRepository

    name = factory.Sequence(lambda n: f"Repository {n}")
    slug = factory.Sequence(lambda n: f"repository-{n}")
    remote_url = factory.Sequence(lambda n: f"https://git.example.com/org/repository-{n}.git")
    branch = "main"
