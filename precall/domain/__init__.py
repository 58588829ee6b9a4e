"""Plain data objects for Precall's words: accounts, contacts, meetings, the matrix."""
