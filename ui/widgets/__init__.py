"""Small widgets and helpers shared by several views (empty states, debounced saving,
the shared undo group)."""
