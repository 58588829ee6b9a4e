"""Calendar import in the desktop app: File menu actions, .ics drops, the preview
dialog, and the watcher that re-imports watched calendars."""
