"""Which tests guard which module: the mutation runner runs only these for a module's mutants.

Each entry lists the test files (or folders) that exercise the module, the most direct first:
the runner stops at the first failing test (``-x``), so a killed mutant usually costs only the
first file. A module missing here cannot be mutation-tested until someone says what guards it.
"""

from __future__ import annotations

_STORE = "tests/core/store"
_PLANS = "tests/core/plans"

TESTS_FOR: dict[str, tuple[str, ...]] = {
    # precall/store: the managers are reached through Store, so their tests live by area too.
    "precall/store/accounts.py": (f"{_STORE}/test_accounts.py", f"{_STORE}/test_meetings.py", f"{_STORE}/test_open.py"),
    "precall/store/meetings.py": (f"{_STORE}/test_meetings.py", f"{_PLANS}/test_plans.py", "tests/core/calendar/test_import.py"),
    "precall/store/matrix.py": (f"{_STORE}/test_matrix_mutants.py", f"{_STORE}/test_matrix.py", f"{_PLANS}/test_plans.py", "tests/core/templates/test_apply.py"),
    "precall/store/briefs.py": (f"{_STORE}/test_briefs_mutants.py", "tests/core/briefs/test_snapshots.py", "tests/core/briefs/test_pack.py"),
    "precall/store/plans.py": (f"{_STORE}/test_plans.py", f"{_PLANS}/test_plans.py", f"{_PLANS}/test_debrief.py"),
    "precall/store/checklists.py": (f"{_STORE}/test_checklists_mutants.py", f"{_PLANS}/test_checklist_store.py", f"{_PLANS}/test_reminders.py"),
    "precall/store/followups.py": (f"{_STORE}/test_followups.py", f"{_PLANS}/test_followups.py", f"{_PLANS}/test_debrief.py"),
    "precall/store/sources.py": (f"{_STORE}/test_sources_mutants.py", "tests/core/research_fetch/test_sources_store.py", "tests/core/research_fetch/test_refresh.py"),
    "precall/store/research.py": (f"{_STORE}/test_research_mutants.py", "tests/core/research_library/test_library.py", "tests/core/research_library/test_evidence.py"),
    "precall/store/templates.py": (f"{_STORE}/test_templates_mutants.py", "tests/core/templates"),
    "precall/store/calendar.py": (f"{_STORE}/test_calendar.py", "tests/core/calendar/test_import.py", "tests/core/calendar/test_watch.py"),
    "precall/store/connection.py": (f"{_STORE}/test_connection_mutants.py", f"{_STORE}/test_connection.py", f"{_STORE}/test_open.py", "tests/core/reliability/test_crash_safety.py", "tests/core/reliability/test_repair.py"),
    "precall/store/facade.py": (f"{_STORE}/test_facade_mutants.py", f"{_STORE}/test_open.py", "tests/core/reliability/test_backups.py", "tests/core/reliability/test_second_instance.py"),
    "precall/store/repair.py": (f"{_STORE}/test_repair_mutants.py", "tests/core/reliability/test_repair.py", f"{_STORE}/test_diagnose.py"),
    "precall/store/diagnose.py": (f"{_STORE}/test_diagnose_mutants.py", f"{_STORE}/test_diagnose.py", f"{_STORE}/test_open.py", "tests/core/reliability/test_repair.py"),
    "precall/store/subscriptions.py": (f"{_STORE}/test_subscriptions_mutants.py", "tests/core/templates/test_subscriptions.py"),
    "precall/store/feedback.py": (f"{_STORE}/test_feedback_mutants.py", "tests/core/templates/test_feedback.py"),
    "precall/store/backup_rotation.py": (f"{_STORE}/test_backup_rotation_mutants.py", "tests/core/reliability/test_backups.py", "tests/core/reliability/test_crash_backups.py"),
    "precall/store/backup_copy.py": (f"{_STORE}/test_backup_copy_mutants.py", f"{_STORE}/test_backup_copy.py", "tests/core/reliability/test_backups.py"),
    "precall/store/lock.py": (f"{_STORE}/test_lock_mutants.py", f"{_STORE}/test_lock.py", f"{_STORE}/test_open.py", "tests/core/reliability/test_second_instance.py"),
    # precall/net
    "precall/net/addresses.py": ("tests/core/net/test_addresses_mutants.py", "tests/core/net/test_addresses.py", "tests/core/net/test_safe_get.py"),
    "precall/net/guard.py": ("tests/core/net/test_guard_mutants.py", "tests/core/net/test_safe_get.py", "tests/core/net/test_addresses.py"),
    "precall/net/http.py": ("tests/core/net/test_http_mutants.py", "tests/core/net/test_safe_get.py", "tests/core/net/test_https.py"),
    "precall/net/errors.py": ("tests/core/net/test_errors_mutants.py", "tests/core/net"),
    "precall/net/urls.py": ("tests/core/net/test_urls_mutants.py", "tests/core/net/test_urls.py", "tests/core/net/test_safe_get.py"),
    # precall/research parsers
    "precall/research/robots.py": ("tests/core/research_fetch/test_robots.py", "tests/fuzz/test_robots_fuzz.py"),
    "precall/research/feeds.py": ("tests/core/research_library/test_feeds.py", "tests/fuzz/test_feeds_fuzz.py"),
    "precall/research/charset.py": ("tests/core/research_library/test_extract.py", "tests/core/research_library/test_hostile_pages.py"),
    "precall/research/canonical.py": ("tests/core/research_library/test_canonical.py", "tests/core/research_library/test_library.py"),
    "precall/research/dates.py": ("tests/core/research_library/test_dates.py", "tests/core/research_library/test_feeds.py"),
    "precall/research/html_limits.py": ("tests/core/research_library/test_html_limits.py", "tests/core/research_library/test_sanitise.py", "tests/core/research_library/test_hostile_pages.py"),
    # precall/templates
    "precall/templates/model.py": ("tests/core/templates/test_model.py", "tests/core/templates/test_format.py", "tests/fuzz/test_templates_fuzz.py"),
    "precall/templates/apply.py": ("tests/core/templates/test_apply.py", "tests/core/templates/test_apply_policy.py"),
    "precall/templates/format.py": ("tests/core/templates/test_format.py", "tests/core/templates/test_format_fuzz.py"),
    "precall/templates/diff.py": ("tests/core/templates",),
    "precall/templates/draft.py": ("tests/core/templates",),
    "precall/templates/feedback.py": ("tests/core/templates/test_feedback.py",),
    "precall/templates/research_link.py": ("tests/core/templates",),
    "precall/templates/subscriptions.py": ("tests/core/templates/test_subscriptions.py",),
    # precall/calendar
    "precall/calendar/zones.py": ("tests/core/calendar/test_zones.py", "tests/core/calendar/test_parse.py", "tests/core/calendar/test_import.py"),
    "precall/calendar/export.py": ("tests/core/calendar/test_export.py",),
    "precall/calendar/model.py": ("tests/core/calendar/test_model.py", "tests/core/calendar/test_parse.py", "tests/core/calendar/test_import.py"),
    "precall/calendar/parse.py": ("tests/core/calendar/test_parse.py", "tests/core/calendar/test_fuzz.py"),
    "precall/calendar/apply.py": ("tests/core/calendar/test_import.py", "tests/core/calendar/test_watch.py"),
    "precall/calendar/plan.py": ("tests/core/calendar/test_import.py", "tests/core/calendar/test_cli.py"),
    "precall/calendar/suggest.py": ("tests/core/calendar/test_import.py", "tests/core/calendar/test_cli.py"),
    "precall/calendar/watch.py": ("tests/core/calendar/test_watch.py",),
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
