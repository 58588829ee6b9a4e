"""Research: extracting pages and feeds, fetching sources, the offline library."""
