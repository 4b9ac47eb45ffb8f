"""Whether a commit run reproduced the change set its reviewed dry run captured, and if not, how it differs.

Same objects, same actions, same field values, before and after each change. Timestamps that change by
themselves are ignored (serialization.IGNORED_KEYS), and ids the runs generated are mapped: an object the
dry run created is matched with the object the commit run created that has the same data once ids are
set aside (else with the next one of its kind, in order), and from then on the dry run's id stands for the
commit run's everywhere it appears (a URL, a reference from another object, a name built from the run's
own id). Objects that existed before are matched by their id.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from extras.changes.serialization import without_ignored_keys
from extras.choices import ObjectChangeActionChoices as Action

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
GENERATED = "<generated id>"
NOUNS = {Action.ACTION_CREATE: "creation", Action.ACTION_UPDATE: "update", Action.ACTION_DELETE: "deletion"}
VALUE_SHOWN = 80


@dataclass(frozen=True)
class Entry:
    """One change in comparable form, from a stored DryRunChange/ObjectChange or a collected Change."""

    object_type: str  # "dcim.site"
    object_id: str
    action: str
    object_repr: str
    before: dict | None
    after: dict | None

    @classmethod
    def of(cls, record) -> Entry:
        """From a DryRunChange or ObjectChange row, or a recording.Change."""
        if hasattr(record, "prechange_data") and hasattr(record, "changed_object_type_id"):
            object_type = record.object_type_label
            object_id = record.changed_object_id
        else:
            meta = record.model._meta
            object_type, object_id = f"{meta.app_label}.{meta.model_name}", record.object_id
        return cls(
            object_type=object_type,
            object_id=str(object_id),
            action=record.action,
            object_repr=record.object_repr,
            before=record.prechange_data,
            after=record.postchange_data,
        )

    def describe(self) -> str:
        return f'the {NOUNS.get(self.action, self.action)} of {self.object_type} "{self.object_repr}"'


def compare_change_sets(expected: list[Entry], actual: list[Entry], known_ids: dict[str, str]) -> list[str]:
    """The differences between two change sets, one sentence each; none when they match.

    `known_ids` maps ids of the dry run to those of the commit run known in advance (the runs' own).
    """
    ids = {str(old): str(new) for old, new in known_ids.items()}
    pairs, missing, extra = _match(expected, actual, ids)
    differences = []
    for old, new in pairs:
        differences += _differences(old, new, ids)
    differences += [f"Expected {entry.describe()}, got none." for entry in missing]
    differences += [f"Expected no change of {entry.object_type} \"{entry.object_repr}\", got {entry.describe()}."
                    for entry in extra]  # fmt: skip
    return differences


def _match(expected: list[Entry], actual: list[Entry], ids: dict[str, str]):
    """Pairs (expected, actual), the expected without a partner, the actual without one; fills `ids`."""
    pairs, missing = [], []
    existing = {
        (entry.object_type, entry.object_id): entry
        for entry in actual
        if entry.action != Action.ACTION_CREATE
    }
    created: dict[str, list[Entry]] = defaultdict(list)
    for entry in actual:
        if entry.action == Action.ACTION_CREATE:
            created[entry.object_type].append(entry)
    expected_created: dict[str, list[Entry]] = defaultdict(list)
    for entry in expected:
        if entry.action == Action.ACTION_CREATE:
            expected_created[entry.object_type].append(entry)
        else:
            partner = existing.pop((entry.object_type, entry.object_id), None)
            (pairs.append((entry, partner)) if partner else missing.append(entry))
    for object_type, entries in expected_created.items():
        candidates = created.pop(object_type, [])
        matched = _pair_creations(entries, candidates)
        for old, new in matched:
            ids[old.object_id] = new.object_id
        pairs += matched
        paired_old = {id(old) for old, _ in matched}
        paired_new = {id(new) for _, new in matched}
        missing += [entry for entry in entries if id(entry) not in paired_old]
        created[object_type] = [entry for entry in candidates if id(entry) not in paired_new]
    extra = [*existing.values(), *(entry for entries in created.values() for entry in entries)]
    return pairs, missing, extra


def _pair_creations(expected: list[Entry], actual: list[Entry]) -> list[tuple[Entry, Entry]]:
    """Same data with ids set aside first, then what is left in order (so its differences are shown)."""
    pairs = []
    free = list(actual)
    leftover = []
    for entry in expected:
        signature = _signature(entry.after)
        partner = next((candidate for candidate in free if _signature(candidate.after) == signature), None)
        if partner is None:
            leftover.append(entry)
        else:
            free.remove(partner)
            pairs.append((entry, partner))
    pairs += list(zip(leftover, free, strict=False))
    return pairs


def _signature(data: dict | None) -> str:
    return UUID.sub(GENERATED, json.dumps(without_ignored_keys(data), sort_keys=True))


def _map_ids(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, str):
        return UUID.sub(lambda match: ids.get(match.group(0), match.group(0)), value)
    if isinstance(value, dict):
        return {key: _map_ids(item, ids) for key, item in value.items()}
    if isinstance(value, list):
        return [_map_ids(item, ids) for item in value]
    return value


def _differences(old: Entry, new: Entry, ids: dict[str, str]) -> list[str]:
    subject = f'{new.object_type} "{new.object_repr}"'
    if old.action != new.action:
        return [f"{subject}: expected {old.describe()}, got {new.describe()}."]
    found = []
    for phase, before_or_after in (("before", "before"), ("after", "after")):
        expected = without_ignored_keys(_map_ids(getattr(old, before_or_after), ids)) or {}
        actual = without_ignored_keys(getattr(new, before_or_after)) or {}
        for key in sorted(set(expected) | set(actual)):
            if expected.get(key) != actual.get(key):
                found.append(
                    f"{key} {phase} the change: expected {_shown(expected.get(key))}, got {_shown(actual.get(key))}"
                )
    if not found:
        return []
    return [f"{subject} ({new.action}): " + "; ".join(found) + "."]


def _shown(value: Any) -> str:
    text = json.dumps(value, sort_keys=True)
    return text if len(text) <= VALUE_SHOWN else text[: VALUE_SHOWN - 1] + "…"
