"""A tiny choice-set helper: (value, label) pairs with named constants, rendered as {value, label} by the API."""

from __future__ import annotations


class ChoiceSet:
    """Subclass and set CHOICES = ((value, label), ...); iterate or use .as_choices() for model fields."""

    CHOICES: tuple[tuple[str, str], ...] = ()

    @classmethod
    def as_choices(cls) -> list[tuple[str, str]]:
        return list(cls.CHOICES)

    @classmethod
    def values(cls) -> list[str]:
        return [value for value, _ in cls.CHOICES]

    @classmethod
    def label_of(cls, value: str) -> str:
        return dict(cls.CHOICES).get(value, value)
