"""A tiny choice-set helper: (value, label) pairs with named constants, rendered as {value, label} by the API.

It is also what job code gets as NetBox's `utilities.choices.ChoiceSet` and Nautobot's `nautobot.core.choices`
/ `nautobot.utilities.choices` ChoiceSet, so it behaves as theirs do where job code relies on it: the class
iterates over its choices (`ChoiceVar(choices=MyChoices)`), CHOICES may be grouped
(`(("Group", ((value, label), ...)), ...)`) and hold NetBox's (value, label, colour) triples, and `values()` /
`as_dict()` flatten the groups.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def unpack_grouped_choices(choices) -> list[tuple[Any, Any]]:
    """Flat (value, label) pairs from choices that may hold (group label, ((value, label), ...)) entries, and
    NetBox's (value, label, colour) triples."""
    flat: list[tuple[Any, Any]] = []
    for value, label, *_ in choices:
        if isinstance(label, (list, tuple)):
            flat.extend((inner[0], inner[1]) for inner in label)
        else:
            flat.append((value, label))
    return flat


def _pairs(choices) -> list[tuple[Any, Any]]:
    """The choices as Django takes them: (value, label) pairs, groups kept, colours dropped."""
    return [
        (value, [(inner[0], inner[1]) for inner in label])
        if isinstance(label, (list, tuple))
        else (value, label)
        for value, label, *_ in choices
    ]


class ChoiceSetMeta(type):
    """Lets a choice-set class be iterated like its CHOICES, as NetBox's and Nautobot's can."""

    def __iter__(cls) -> Iterator[tuple[Any, Any]]:
        return iter(_pairs(cls.CHOICES))


class ChoiceSet(metaclass=ChoiceSetMeta):
    """Subclass and set CHOICES = ((value, label), ...); iterate or use .as_choices for model fields."""

    CHOICES: tuple[tuple[Any, Any], ...] = ()

    @classmethod
    def as_choices(cls) -> list[tuple[Any, Any]]:
        return _pairs(cls.CHOICES)

    @classmethod
    def values(cls) -> list[Any]:
        return [value for value, _ in unpack_grouped_choices(cls.CHOICES)]

    @classmethod
    def as_dict(cls) -> dict[Any, Any]:
        """{value: label} over every choice (Nautobot's ChoiceSet.as_dict)."""
        return dict(unpack_grouped_choices(cls.CHOICES))

    @classmethod
    def label_of(cls, value: Any) -> Any:
        return cls.as_dict().get(value, value)
