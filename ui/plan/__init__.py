"""The call plan of one meeting, as a meeting tab."""
