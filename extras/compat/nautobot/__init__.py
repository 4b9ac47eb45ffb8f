"""The modules behind `nautobot.extras.jobs`, `nautobot.extras.models` and `nautobot.utilities.forms`."""
