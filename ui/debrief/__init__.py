"""The debrief after a meeting, as a meeting tab."""
