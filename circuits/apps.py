"""Circuits: the links carriers provide (providers, their networks, circuit types, circuits and their two
terminations), as NetBox and Nautobot lay them out."""

from django.apps import AppConfig


class CircuitsConfig(AppConfig):
    name = "circuits"
    verbose_name = "Circuits"
