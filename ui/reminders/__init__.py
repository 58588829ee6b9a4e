"""Reminders before meetings: the scheduler, the tray icon and the clear-head screen."""
