"""Keruen: the registry and monitor of foreign-investment projects and agreements."""

__version__ = "0.1.0"
