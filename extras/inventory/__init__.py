"""The extras of every inventory model: tags and custom fields (their rules, their declarations)."""
