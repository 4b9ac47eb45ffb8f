"""The demo inventory's site groups, racks and power (registered after dcim/demo.py's loader, whose sites and
devices it places): Paris's network rack with its devices mounted (and a PDU in it without a position), a
second rack with reserved units, a smaller rack in Berlin, power panels feeding them."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from core.demo import DemoLoader, register_demo
from dcim.choices import DeviceFaceChoices, PowerFeedTypeChoices, RackStatusChoices, RackTypeChoices
from dcim.models import (
    Device,
    Location,
    PowerFeed,
    PowerPanel,
    Rack,
    RackGroup,
    RackReservation,
    RackRole,
    Site,
    SiteGroup,
)

SITE_GROUPS = {"Data centres": ("paris", "berlin"), "Branches": ("lyon-branch",)}
# rack name, site slug, location name (None: the site's), u_height, status
RACKS = [
    ("PAR-A01", "paris", "Paris DC1 Floor 1", 42, RackStatusChoices.STATUS_ACTIVE),
    ("PAR-A02", "paris", "Paris DC1 Floor 1", 42, RackStatusChoices.STATUS_PLANNED),
    ("BER-R1", "berlin", None, 24, RackStatusChoices.STATUS_ACTIVE),
]
# device name → rack, position (None: in the rack, in no unit), face
MOUNTED = {
    "par-rtr-01": ("PAR-A01", 40, DeviceFaceChoices.FACE_FRONT),
    "par-sw-01": ("PAR-A01", 38, DeviceFaceChoices.FACE_FRONT),
    "par-cs-01": ("PAR-A01", 36, DeviceFaceChoices.FACE_REAR),
    "par-pdu-01": ("PAR-A01", None, ""),
    "ber-rtr-01": ("BER-R1", 10, DeviceFaceChoices.FACE_FRONT),
    "ber-pp-01": ("BER-R1", 20, DeviceFaceChoices.FACE_FRONT),
}
# panel name, site slug, rack group name, feeds: (name, rack, type)
POWER = [
    (
        "Paris MDF",
        "paris",
        "Row A",
        [
            ("PAR-A01-A", "PAR-A01", PowerFeedTypeChoices.TYPE_PRIMARY),
            ("PAR-A01-B", "PAR-A01", PowerFeedTypeChoices.TYPE_REDUNDANT),
        ],
    ),
    ("Berlin MDF", "berlin", None, [("BER-R1-A", "BER-R1", PowerFeedTypeChoices.TYPE_PRIMARY)]),
]


@register_demo
def load_racks(demo: DemoLoader) -> None:
    sites = {site.slug: site for site in Site.objects.all()}
    for name, slugs in SITE_GROUPS.items():
        group = demo.get_or_create(SiteGroup, name=name)
        Site.objects.filter(slug__in=slugs, group__isnull=True).update(group=group)
    floor = Location.objects.get(name="Paris DC1 Floor 1")
    row = demo.get_or_create(RackGroup, name="Row A", site=sites["paris"], defaults={"location": floor})
    role = demo.get_or_create(RackRole, slug="network", defaults={"name": "Network", "color": "2196f3"})
    racks = {}
    for name, site, location, height, status in RACKS:
        defaults = {"u_height": height, "status": status, "type": RackTypeChoices.TYPE_CABINET, "role": role}
        if location:
            defaults.update(location=Location.objects.get(name=location), group=row)
        racks[name] = demo.get_or_create(Rack, name=name, site=sites[site], defaults=defaults)
    mount_devices(racks)
    planner = planner_user(demo)
    demo.get_or_create(
        RackReservation,
        rack=racks["PAR-A02"],
        defaults={"units": [1, 2, 3, 4], "user": planner, "description": "Storage expansion (Q3)"},
    )
    for panel_name, site, group, feeds in POWER:
        panel = demo.get_or_create(
            PowerPanel,
            name=panel_name,
            site=sites[site],
            defaults={"rack_group": row if group else None},
        )
        for feed_name, rack, kind in feeds:
            demo.get_or_create(
                PowerFeed,
                power_panel=panel,
                name=feed_name,
                defaults={
                    "rack": racks[rack],
                    "type": kind,
                    "status": "active",
                    "voltage": 230,
                    "amperage": 16,
                },
            )


def mount_devices(racks: dict[str, Rack]) -> None:
    """Place the demo devices in their racks, once (a device already in a rack is left where it is)."""
    for device in Device.objects.filter(name__in=MOUNTED, rack__isnull=True).order_by("name"):
        rack, position, face = MOUNTED[device.name]
        device.rack, device.position, device.face = racks[rack], position, face
        device.validated_save()


def planner_user(demo: DemoLoader):
    """The (login-less) user the demo reservation is for."""
    User = get_user_model()
    user = User.objects.filter(username="demo-planner").first()
    if user is None:
        user = User(username="demo-planner", first_name="Demo", last_name="Planner")
        user.set_unusable_password()
        user.save()
        demo.created += 1
    return user
