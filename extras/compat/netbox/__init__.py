"""NetBox's Script, Report and AbortScript, public as `extras.scripts`, `extras.reports`, `utilities.exceptions`."""
