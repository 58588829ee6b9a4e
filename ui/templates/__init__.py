"""The Templates page: library, editor, version differences, apply, sharing, feedback."""
