"""Rack units, counted in halves as NetBox 3.x+ counts them, and where a device may be mounted in a rack.

Kept apart from the models so that the device model checks a placement without importing the rack model.
"""

from __future__ import annotations

from decimal import Decimal

HALF = Decimal("0.5")


def drange(start, end, step=HALF) -> list[Decimal]:
    """Decimal numbers from `start` up to (or down to) `end`, excluded, by `step` (NetBox's drange)."""
    start, end, step = Decimal(str(start)), Decimal(str(end)), Decimal(str(step))
    values = []
    while (step > 0 and start < end) or (step < 0 and start > end):
        values.append(start)
        start += step
    return values


def rack_placement_errors(device) -> dict[str, str]:
    """Why a device cannot be where its `rack`, `position` and `face` put it (NetBox's and Nautobot's rules),
    by field: a face and a position need a rack, and the rack must be at the device's site and location (or
    below it); then see position_errors()."""
    rack, position, face = device.rack, device.position, device.face
    if rack is None:
        errors = {}
        if face:
            errors["face"] = "Cannot select a rack face without assigning a rack."
        if position is not None:
            errors["position"] = "Cannot select a rack position without assigning a rack."
        return errors
    if rack.site_id != device.site_id:
        return {"rack": f"Rack {rack} does not belong to site {device.site}."}
    if device.location_id is not None and device.location_id not in rack.location_and_above():
        return {"rack": f"Rack {rack} is at {rack.location}, which is not {device.location} or below it."}
    if device.device_type.is_child_device and (face or position is not None):
        field = "face" if face else "position"
        return {field: f"A child device cannot be given a rack {field}: it is that of its parent device."}
    return position_errors(device) if position is not None else {}


def position_errors(device) -> dict[str, str]:
    """A position is a whole or half unit on a face; the device fits inside the rack and does not overlap
    another device on its face (on either face, if one of them is full depth)."""
    rack, device_type = device.rack, device.device_type
    position, height = Decimal(str(device.position)), Decimal(str(device_type.u_height))
    if position % HALF:
        return {"position": "Position must be in increments of 0.5 rack units."}
    if not device.face:
        return {"face": "Must specify rack face when defining rack position."}
    if not height:
        return {"position": f"A 0U device type ({device_type}) cannot be assigned to a rack position."}
    if position + height > rack.u_height + 1:
        return {
            "position": f"U{position} is outside rack {rack}: a {height}U device there would go above its "
            f"top unit (U{rack.u_height})."
        }
    exclude = None if device._state.adding else [device.pk]
    rack_face = None if device_type.is_full_depth else device.face
    if position not in rack.get_available_units(u_height=height, rack_face=rack_face, exclude=exclude):
        return {
            "position": f"U{position} is already occupied or does not have sufficient space to accommodate this "
            f"device type: {device_type} ({height}U)."
        }
    return {}


def height_change_error(device_type) -> str | None:
    """Why a device type may not take its new `u_height` (as NetBox and Nautobot refuse it): a device of the type
    mounted at a position would then overlap a neighbour or leave its rack, or a 0U type would be mounted."""
    height = Decimal(str(device_type.u_height or 0))
    mounted = device_type.devices.filter(rack__isnull=False, position__isnull=False).select_related("rack")
    if not height:
        count = mounted.count()
        return f"{count} device(s) of this type are mounted in racks: a 0U type cannot be." if count else None
    for device in mounted:
        rack_face = None if device_type.is_full_depth else device.face
        free = device.rack.get_available_units(u_height=height, rack_face=rack_face, exclude=[device.pk])
        if Decimal(str(device.position)) not in free:
            return (
                f"Device {device} in rack {device.rack} does not have sufficient space to accommodate a "
                f"height of {height}U."
            )
    return None
