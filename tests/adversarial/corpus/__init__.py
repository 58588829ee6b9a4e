"""The adversarial corpus: hostile servers, files and database states as small
generators, and the cases that combine them with every command (``cases.all_cases``)."""
