"""The Precall desktop app (PySide6). This package is the composition root."""
