"""The exact-match rule of reviewed commits: same objects, actions and values; timestamps ignored, ids mapped."""

from __future__ import annotations

import uuid

from extras.changes.comparison import Entry, compare_change_sets


def entry(action, object_id, before=None, after=None, object_type="dcim.site", text="Berlin") -> Entry:
    return Entry(object_type, str(object_id), action, text, before, after)


def site(object_id, name="Berlin", **extra) -> dict:
    return {"id": str(object_id), "url": f"/api/dcim/sites/{object_id}/", "name": name, **extra}


def test_identical_sets_match_whatever_their_timestamps():
    existing = uuid.uuid4()
    expected = [
        entry("update", existing, site(existing, last_updated="t1"), site(existing, "B", last_updated="t2"))
    ]
    actual = [
        entry("update", existing, site(existing, last_updated="t3"), site(existing, "B", last_updated="t4"))
    ]
    assert compare_change_sets(expected, actual, {}) == []


def test_generated_ids_are_mapped_wherever_they_appear():
    old_site, new_site, old_run, new_run = (uuid.uuid4() for _ in range(4))
    old_device, new_device = uuid.uuid4(), uuid.uuid4()
    expected = [
        entry("create", old_site, after=site(old_site, f"run-{old_run}")),
        entry(
            "create",
            old_device,
            after={"id": str(old_device), "site": {"id": str(old_site)}},
            object_type="dcim.device",
        ),
    ]
    actual = [
        entry("create", new_site, after=site(new_site, f"run-{new_run}")),
        entry(
            "create",
            new_device,
            after={"id": str(new_device), "site": {"id": str(new_site)}},
            object_type="dcim.device",
        ),
    ]
    assert compare_change_sets(expected, actual, {str(old_run): str(new_run)}) == []


def test_creations_are_paired_by_their_data_not_their_order():
    first, second, x, y = (uuid.uuid4() for _ in range(4))
    expected = [entry("create", x, after=site(x, "A")), entry("create", y, after=site(y, "B"))]
    actual = [
        entry("create", second, after=site(second, "B")),
        entry("create", first, after=site(first, "A")),
    ]
    assert compare_change_sets(expected, actual, {}) == []


def test_a_reference_to_the_wrong_created_object_is_a_difference():
    a_old, b_old, a_new, b_new = (uuid.uuid4() for _ in range(4))
    device = uuid.uuid4()
    expected = [
        entry("create", a_old, after=site(a_old, "A")),
        entry("create", b_old, after=site(b_old, "B")),
        entry("update", device, {"site": {"id": "s"}}, {"site": {"id": str(a_old)}}, "dcim.device", "edge"),
    ]
    actual = [
        entry("create", a_new, after=site(a_new, "A")),
        entry("create", b_new, after=site(b_new, "B")),
        entry("update", device, {"site": {"id": "s"}}, {"site": {"id": str(b_new)}}, "dcim.device", "edge"),
    ]
    (difference,) = compare_change_sets(expected, actual, {})
    assert difference.startswith(
        'dcim.device "edge" (update): site after the change: expected {"id": "' + str(a_new)
    )


def test_missing_extra_and_different_changes_are_each_reported():
    kept, dropped, added = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    expected = [
        entry("update", kept, site(kept, "A"), site(kept, "B")),
        entry("delete", dropped, site(dropped, "Gone"), text="Gone"),
    ]
    actual = [
        entry("update", kept, site(kept, "A"), site(kept, "C")),
        entry("create", added, after=site(added, "New"), text="New"),
    ]
    assert compare_change_sets(expected, actual, {}) == [
        'dcim.site "Berlin" (update): name after the change: expected "B", got "C".',
        'Expected the deletion of dcim.site "Gone", got none.',
        'Expected no change of dcim.site "New", got the creation of dcim.site "New".',
    ]


def test_a_different_action_on_the_same_object_is_one_difference():
    same = uuid.uuid4()
    expected = [entry("update", same, site(same), site(same, "B"))]
    actual = [entry("delete", same, site(same))]
    assert compare_change_sets(expected, actual, {}) == [
        'dcim.site "Berlin": expected the update of dcim.site "Berlin", got the deletion of dcim.site "Berlin".'
    ]
