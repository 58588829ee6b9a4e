"""The Research page: an account's or an industry's sources, their fetch state, and a
refresh that runs in the background with progress per source and a cancel.

The page is a QSplitter: sources on the left, the research library's reader on the
right, from ``ui/research/reader.py`` (the library's side). The page looks for, in
order, ``create_reader(ctx, parent)`` or ``ResearchReader(ctx, parent)``, and calls
what the reader has of:

    reader.set_scope(account_id, industry_id)   # or reader.set_account(account_id | None)
    reader.show_source(source_id | None)        # or reader.show_item(newest item of the source)

The reader refreshes itself on ``ctx.changes`` with area "research", which the page
emits after each source's outcome is saved.
"""
