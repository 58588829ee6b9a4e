"""The improvisation-prep checklist: defaults, template additions and due moments."""

from precall.checklist.defaults import ChecklistSpec, addition_specs, default_specs
from precall.checklist.model import MOMENT_LABELS, ChecklistItem, Moment, parse_moment

__all__ = ["MOMENT_LABELS", "ChecklistItem", "ChecklistSpec", "Moment", "addition_specs", "default_specs", "parse_moment"]
