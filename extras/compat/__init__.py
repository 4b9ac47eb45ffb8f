"""Job code written for Nautobot 1.x and NetBox runs here unchanged: their import paths and classes.

- `finder.py` serves the import paths this project has no module for (`nautobot.extras.jobs`,
  `nautobot.dcim.models`, `nautobot.ipam.models`, `utilities.exceptions`, ...) from modules that exist here,
  without ever shadowing a real installation of those packages.
- `nautobot/`: what `nautobot.extras.jobs`, `nautobot.extras.models` and `nautobot.utilities.forms` hold.
- `netbox/`: NetBox's Script, Report and AbortScript (public as `extras.scripts`, `extras.reports` and
  `utilities.exceptions`).

The classes here are Job subclasses: one runner, one submit service, whatever the dialect.
"""
