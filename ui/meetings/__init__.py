"""The meetings page: the list of meetings (upcoming first), the meeting view with its
tabs, and the dialog that creates a meeting."""
