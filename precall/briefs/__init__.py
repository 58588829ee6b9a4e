"""Briefs: the one-page document for one meeting, its snapshots, exports and the pack."""
