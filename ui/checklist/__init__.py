"""The improvisation-prep checklist of one meeting, as a meeting tab."""
