"""Precall's core: domain, storage, research, briefs, templates and calendar.

This package never imports Qt; the desktop app in ``ui/`` is built on top of it.
"""

__version__ = "0.1.0"
APP_NAME = "Precall"
