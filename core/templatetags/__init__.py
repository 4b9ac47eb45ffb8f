"""Template tags of the base layout and the generic pages."""
