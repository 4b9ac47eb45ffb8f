"""One declaration per model: `declare(Model, ...)` gives a model its pages, REST API, filters, search entry,
menu item and admin. See declaration.py for the options and the sibling modules for the rules they follow.
"""

from core.declarations.declaration import ModelDeclaration, add_related, declare
from core.declarations.pages import DeclaredPanel, Related
from core.declarations.registry import declaration_for, declarations, is_declared
from core.declarations.serializers import nested, nested_many

__all__ = [
    "DeclaredPanel",
    "ModelDeclaration",
    "Related",
    "add_related",
    "declaration_for",
    "declarations",
    "declare",
    "is_declared",
    "nested",
    "nested_many",
]
