"""The Buyer's Matrix editor: a reusable grid (models, delegate, widget) that knows
nothing of the database, and a controller that turns its intents into undoable store
operations run through ``ctx.tasks``."""
