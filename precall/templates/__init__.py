"""Assumption templates: a manager's Buyer's Matrix for a persona, shared as a JSON file.

``model`` (what a template is), ``format`` (the file, read defensively), ``diff``
(what changed between versions), ``apply`` (the conflict policy when an account
follows a template), ``subscriptions`` (team folder or URL), ``feedback`` (how often
each assumption held up). Storage is ``store.templates``, ``store.subscriptions`` and
``store.feedback`` (``precall/store/``).
"""
