"""Which tests guard which module: the mutation runner runs only these for a module's mutants.

Each entry lists the test files (or folders) that exercise the module, the most direct first:
the runner stops at the first failing test (``-x``), so a killed mutant usually costs only the
first file. A module missing here cannot be mutation-tested until someone says what guards it.
"""

from __future__ import annotations

_STORE = "tests/precall/store"
_CORE = "tests/precall"

TESTS_FOR: dict[str, tuple[str, ...]] = {
    # precall/store and precall/net: each module's own mutation tests first, then the tests of
    # the modules that use it most.
    "precall/store/accounts.py": ("tests/precall/store/test_accounts.py", "tests/precall/store/test_meetings.py", "tests/precall/store/test_facade.py",),
    "precall/store/meetings.py": ("tests/precall/store/test_meetings.py", "tests/precall/plans/test_model.py", "tests/precall/calendar/test_apply.py",),
    "precall/store/matrix.py": ("tests/precall/store/test_matrix_mutants.py", "tests/precall/store/test_matrix.py", "tests/precall/plans/test_model.py", "tests/precall/templates/test_apply.py",),
    "precall/store/briefs.py": ("tests/precall/store/test_briefs_mutants.py", "tests/precall/store/test_briefs.py", "tests/precall/briefs/test_pack.py",),
    "precall/store/plans.py": ("tests/precall/store/test_plans.py", "tests/precall/plans/test_model.py", "tests/precall/test_debrief.py",),
    "precall/store/checklists.py": ("tests/precall/store/test_checklists_mutants.py", "tests/precall/store/test_checklists.py", "tests/precall/test_reminders.py",),
    "precall/store/followups.py": ("tests/precall/store/test_followups.py", "tests/precall/test_debrief.py",),
    "precall/store/sources.py": ("tests/precall/store/test_sources_mutants.py", "tests/precall/store/test_sources.py", "tests/precall/research/test_refresh.py",),
    "precall/store/research.py": ("tests/precall/store/test_research_mutants.py", "tests/precall/store/test_research.py", "tests/precall/research/test_evidence.py",),
    "precall/store/templates.py": ("tests/precall/store/test_templates_mutants.py", "tests/precall/templates",),
    "precall/store/calendar.py": ("tests/precall/store/test_calendar.py", "tests/precall/calendar/test_apply.py", "tests/precall/calendar/test_watch.py",),
    "precall/store/connection.py": ("tests/precall/store/test_connection_mutants.py", "tests/precall/store/test_connection.py", "tests/precall/store/test_facade.py", "tests/reliability/test_crash_safety.py", "tests/precall/store/test_repair.py",),
    "precall/store/facade.py": ("tests/precall/store/test_facade_mutants.py", "tests/precall/store/test_facade.py", "tests/precall/store/test_backup_rotation.py", "tests/reliability/test_second_instance.py",),
    "precall/store/repair.py": ("tests/precall/store/test_repair_mutants.py", "tests/precall/store/test_repair.py",),
    "precall/store/backup_rotation.py": ("tests/precall/store/test_backup_rotation_mutants.py", "tests/precall/store/test_backup_rotation.py", "tests/reliability/test_crash_backups.py",),
    "precall/store/backup_copy.py": ("tests/precall/store/test_backup_copy_mutants.py", "tests/precall/store/test_backup_copy.py", "tests/precall/store/test_backup_rotation.py",),
    "precall/store/lock.py": ("tests/precall/store/test_lock_mutants.py", "tests/precall/store/test_lock.py", "tests/precall/store/test_facade.py", "tests/reliability/test_second_instance.py",),
    "precall/net/addresses.py": ("tests/precall/net/test_addresses_mutants.py", "tests/precall/net/test_addresses.py", "tests/precall/net/test_http.py",),
    "precall/net/guard.py": ("tests/precall/net/test_guard_mutants.py", "tests/precall/net/test_http.py", "tests/precall/net/test_addresses.py",),
    "precall/net/http.py": ("tests/precall/net/test_http_mutants.py", "tests/precall/net/test_http.py", "tests/precall/net/test_http_tls.py",),
    "precall/net/errors.py": ("tests/precall/net/test_errors_mutants.py", "tests/precall/net",),
    "precall/store/diagnose.py": ("tests/precall/store/test_diagnose_mutants.py", "tests/precall/store/test_diagnose.py", "tests/precall/store/test_facade.py", "tests/precall/store/test_repair.py",),
    "precall/store/subscriptions.py": ("tests/precall/store/test_subscriptions_mutants.py",),
    "precall/store/feedback.py": ("tests/precall/store/test_feedback_mutants.py",),
    "precall/net/urls.py": ("tests/precall/net/test_urls_mutants.py", "tests/precall/net/test_urls.py",),
    # precall/research parsers
    "precall/research/robots.py": ("tests/precall/research/test_robots_mutants.py", "tests/precall/research/test_robots.py", "tests/fuzz/test_robots_fuzz.py"),
    "precall/research/feeds.py": ("tests/precall/research/test_feeds_mutants.py", "tests/precall/research/test_feeds.py", "tests/fuzz/test_feeds_fuzz.py"),
    "precall/research/charset.py": ("tests/precall/research/test_charset_mutants.py", "tests/precall/research/test_charset.py", "tests/precall/research/test_extract.py", "tests/precall/research/test_extract_hostile.py"),
    "precall/research/canonical.py": ("tests/precall/research/test_canonical_mutants.py", "tests/precall/research/test_canonical.py", "tests/precall/store/test_research.py"),
    "precall/research/dates.py": ("tests/precall/research/test_dates_mutants.py", "tests/precall/research/test_dates.py", "tests/precall/research/test_feeds.py"),
    "precall/research/html_limits.py": ("tests/precall/research/test_html_limits_mutants.py", "tests/precall/research/test_html_limits.py", "tests/precall/research/test_sanitise.py", "tests/precall/research/test_extract_hostile.py"),
    # precall/templates
    "precall/templates/model.py": ("tests/precall/templates/test_model.py", "tests/precall/templates/test_format.py", "tests/fuzz/test_templates_fuzz.py"),
    "precall/templates/apply.py": ("tests/precall/templates/test_apply.py", "tests/precall/templates/test_apply_policy.py"),
    "precall/templates/format.py": ("tests/precall/templates/test_format.py", "tests/precall/templates/test_format_fuzz.py"),
    "precall/templates/diff.py": ("tests/precall/templates/test_diff.py", "tests/precall/templates/test_subscriptions.py"),
    "precall/templates/draft.py": ("tests/precall/templates/test_draft_mutants.py",),
    "precall/templates/feedback.py": ("tests/precall/templates/test_feedback.py",),
    "precall/templates/subscriptions.py": ("tests/precall/templates/test_subscriptions.py",),
    # precall/calendar
    "precall/calendar/zones.py": ("tests/precall/calendar/test_zones_mutants.py", "tests/precall/calendar/test_zones.py", "tests/precall/calendar/test_parse.py", "tests/precall/calendar/test_apply.py"),
    "precall/calendar/export.py": ("tests/precall/calendar/test_export_mutants.py", "tests/precall/calendar/test_export.py"),
    "precall/calendar/model.py": ("tests/precall/calendar/test_model_mutants.py", "tests/precall/calendar/test_model.py", "tests/precall/calendar/test_parse.py", "tests/precall/calendar/test_apply.py"),
    "precall/calendar/parse.py": ("tests/precall/calendar/test_parse.py", "tests/precall/calendar/test_parse_fuzz.py"),
    "precall/calendar/apply.py": ("tests/precall/calendar/test_apply.py", "tests/precall/calendar/test_watch.py"),
    "precall/calendar/plan.py": ("tests/precall/calendar/test_apply.py", "tests/precall/cli/test_calendar_cmd.py"),
    "precall/calendar/suggest.py": ("tests/precall/calendar/test_apply.py", "tests/precall/cli/test_calendar_cmd.py"),
    "precall/calendar/watch.py": ("tests/precall/calendar/test_watch_mutants.py", "tests/precall/calendar/test_watch.py"),
    "precall/calendar/lengths.py": ("tests/precall/calendar/test_lengths.py", "tests/precall/calendar/test_parse.py", "tests/precall/calendar/test_apply.py"),
}

# The packages the issue scopes mutation testing to ("all" on the command line).
SCOPED = (
    "precall/store",
    "precall/net",
    "precall/research/robots.py",
    "precall/research/feeds.py",
    "precall/research/charset.py",
    "precall/research/canonical.py",
    "precall/research/dates.py",
    "precall/research/html_limits.py",
    "precall/templates",
    "precall/calendar",
)
