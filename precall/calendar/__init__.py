"""Meetings from the calendar: .ics import (parse → plan → apply), export, watching.

``parse`` turns calendar bytes into events (time zones resolved, recurrence expanded
within a window); ``plan`` compares them with the store without writing; ``apply``
carries a plan out in one transaction; ``export`` writes meetings back as .ics;
``watch`` re-imports watched files and subscribed URLs when they change.
"""
