"""Sites and regions (Nautobot 1.x and NetBox) and locations (Nautobot 2.x): one inventory, two views.

Every Region has a Location of the type "Region" and every Site one of the type "Site" (under its region's),
as Nautobot 2.0's own upgrade maps them; each is created, renamed and moved with its region or site. A
Location of those types made or edited by 2.x code makes or edits its region or site in turn. A device's
`site` and `location` agree: given a site, it is placed in the site's location; given a location, it is at
the site whose location is that one or the nearest above it (docs/models.md, "Sites and locations").
The signal handlers are connected in dcim/apps.py.

The mirrored side is written quietly (no signals, so no change log entry and no echo back): it follows from
the object the code changed, whose change is the one the change log records and a dry run's set holds.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.utils import timezone
from django.utils.text import slugify

from core.trees import ancestors_of
from dcim.models import Device, Location, LocationType, Region, Site, Status
from dcim.models.locations import REGION_TYPE, SITE_TYPE


def write_quietly(obj: Model, values: dict) -> Model:
    """Create `obj` or update it to `values`, if anything differs, without sending signals."""
    if not obj._state.adding and all(getattr(obj, name) == value for name, value in values.items()):
        return obj
    for name, value in values.items():
        setattr(obj, name, value)
    if obj._state.adding:
        type(obj)._base_manager.bulk_create([obj])
        obj._state.adding = False
    else:
        obj.last_updated = timezone.now()
        type(obj)._base_manager.filter(pk=obj.pk).update(**values, last_updated=obj.last_updated)
    return obj


def add_quietly(obj: Model, field_name: str, *related: Model) -> None:
    """`obj.<field_name>.add(*related)` without sending signals."""
    field = obj._meta.get_field(field_name)
    through = field.remote_field.through
    through._base_manager.bulk_create(
        [
            through(
                **{f"{field.m2m_field_name()}_id": obj.pk, f"{field.m2m_reverse_field_name()}_id": other.pk}
            )
            for other in related
        ],
        ignore_conflicts=True,
    )


# --- The location types ------------------------------------------------------------------------------
def region_type() -> LocationType:
    return LocationType.objects.filter(name=REGION_TYPE).first() or write_quietly(
        LocationType(), {"name": REGION_TYPE, "nestable": True, "description": "Mirrors the regions."}
    )


def site_type() -> LocationType:
    kind = LocationType.objects.filter(name=SITE_TYPE).first()
    if kind is None:
        values = {"name": SITE_TYPE, "parent": region_type(), "description": "Mirrors the sites."}
        kind = write_quietly(LocationType(), values)
        add_quietly(kind, "content_types", ContentType.objects.get_for_model(Device))
    return kind


def default_status() -> Status:
    """The status of a region's location (regions have none): Active, made for locations if missing."""
    status, _ = Status.objects.get_or_create(slug="active", defaults={"name": "Active", "color": "4caf50"})
    if not status.content_types.filter(app_label="dcim", model="location").exists():
        add_quietly(status, "content_types", ContentType.objects.get_for_model(Location))
    return status


def location_status(status: Status | None) -> Status:
    """A site's status for its location (made to apply to locations, as every status of sites does); without
    one, the default."""
    if status is None:
        return default_status()
    if not status.content_types.filter(app_label="dcim", model="location").exists():
        add_quietly(status, "content_types", ContentType.objects.get_for_model(Location))
    return status


def free_name(name: str, parent: Location | None, kind: LocationType, current: Location | None) -> str:
    """`name`, or `name (Site)` when another location under the same parent has it (a region and a site of
    one name, both at the top)."""
    taken = Location.objects.filter(parent=parent, name=name).exclude(pk=getattr(current, "pk", None))
    return f"{name} ({kind.name})" if taken.exists() else name


# --- Regions and sites → locations -------------------------------------------------------------------
def region_location(region: Region | None) -> Location | None:
    """The location of a region, made when missing."""
    if region is None:
        return None
    return Location.objects.filter(region=region).first() or sync_region(region)


def site_location(site: Site) -> Location:
    """The location of a site, made when missing."""
    return Location.objects.filter(site=site).first() or sync_site(site)


def sync_region(region: Region) -> Location:
    location = Location.objects.filter(region=region).first() or Location(region=region)
    parent = region_location(region.parent)
    kind = region_type()
    values = {
        "name": free_name(region.name, parent, kind, location),
        "parent": parent,
        "location_type": kind,
        "description": region.description,
    }
    if location._state.adding:
        values["status"] = default_status()
    return write_quietly(location, values)


def sync_site(site: Site) -> Location:
    location = Location.objects.filter(site=site).first() or Location(site=site)
    parent = region_location(site.region)
    kind = site_type()
    values = {
        "name": free_name(site.name, parent, kind, location),
        "parent": parent,
        "location_type": kind,
        "status": location_status(site.status),
        "facility": site.facility,
        "description": site.description,
    }
    return write_quietly(location, values)


# --- Locations of type Region or Site → regions and sites ----------------------------------------------
def nearest(location: Location | None, attribute: str):
    """The region or site (`attribute`) mirrored by `location` or the nearest location above it."""
    for node in [location, *(ancestors_of(location) if location is not None else [])]:
        if node is not None and getattr(node, f"{attribute}_id") is not None:
            return getattr(node, attribute)
    return None


def free_slug(model: type[Model], name: str, current_pk) -> str:
    base = slugify(name)[:90] or "location"
    slug, number = base, 1
    while model.objects.filter(slug=slug).exclude(pk=current_pk).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def mirror_location(location: Location) -> None:
    """A location of type Region or Site saved by 2.x code: make or update its region or site."""
    kind = location.location_type.name
    if kind == REGION_TYPE:
        region = location.region or Region(slug=free_slug(Region, location.name, None))
        values = {
            "name": location.name,
            "parent": nearest(location.parent, "region"),
            "description": location.description,
        }
        write_quietly(region, values)
        if location.region_id is None:
            Location.objects.filter(pk=location.pk).update(region=region)
            location.region = region
    elif kind == SITE_TYPE:
        site = location.site or Site(slug=free_slug(Site, location.name, None))
        applies = location.status.content_types.filter(app_label="dcim", model="site").exists()
        status = location.status if applies else site.status
        values = {
            "name": location.name,
            "region": nearest(location.parent, "region"),
            "status": status,
            "facility": location.facility,
            "description": location.description,
        }
        write_quietly(site, values)
        if location.site_id is None:
            Location.objects.filter(pk=location.pk).update(site=site)
            location.site = site


# --- Devices, racks, rack groups, power panels ----------------------------------------------------------
def place(obj: Model) -> dict[str, str]:
    """Make an object's site and location agree (a device's, a rack's…), from whichever the code gave or
    changed; the errors of an object that cannot be placed, by field."""
    noun = obj._meta.verbose_name
    old = None
    if not obj._state.adding:
        old = type(obj)._base_manager.filter(pk=obj.pk).values("site_id", "location_id").first()
    site_changed = old is None or old["site_id"] != obj.site_id
    location_changed = old is None or old["location_id"] != obj.location_id
    if obj.location_id is not None and (location_changed or obj.site_id is None):
        site = nearest(obj.location, "site")
        if site is None:
            return {
                "location": f"{obj.location} is under no site: place the {noun} in a location at or below "
                "a location of type Site, or give its site."
            }
        if obj.site_id is not None and site_changed and obj.site_id != site.pk:
            return {"location": f"{obj.location} is not at site {obj.site} (it is at {site})."}
        obj.site = site
    elif obj.site_id is not None:
        if obj.location_id is None or nearest(obj.location, "site") != obj.site:
            obj.location = site_location(obj.site)
    else:
        return {"site": f"A {noun} needs a site or a location."}
    return {}


def place_device(device: Device) -> dict[str, str]:
    return place(device)


# --- Signal handlers (dcim/apps.py) -------------------------------------------------------------------
def region_saved(sender, instance: Region, raw: bool = False, **kwargs) -> None:
    if not raw:
        sync_region(instance)


def site_saved(sender, instance: Site, raw: bool = False, **kwargs) -> None:
    if not raw:
        sync_site(instance)


def location_saved(sender, instance: Location, raw: bool = False, **kwargs) -> None:
    if not raw:
        mirror_location(instance)
