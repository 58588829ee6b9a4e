"""Handing a template's research sources to the research area when it is applied.

Account-scoped sources go to the account; industry-scoped ones go to the account's
industry (or, for an account with none yet, the template's industry), so every account
in that industry sees them. The research repo's ``ensure`` skips sources it already has.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from precall.errors import ValidationError
from precall.templates.model import SourceScope, Template

if TYPE_CHECKING:
    from precall.store.facade import Store

log = logging.getLogger("precall.templates")


def add_template_sources(store: "Store", sources: Any, account_id: int, template: Template) -> int:
    """Add the template's sources for ``account_id``; returns how many were asked for."""
    account = store.accounts.get(account_id)
    industry_name = account.industry or template.industry
    industry_id = store.accounts.ensure_industry(industry_name) if industry_name else None
    count = 0
    for spec in template.research_sources:
        owner: dict[str, int] = {}
        if spec.scope is SourceScope.ACCOUNT:
            owner["account_id"] = account_id
        elif industry_id is not None:
            owner["industry_id"] = industry_id
        else:
            owner["account_id"] = account_id  # no industry to hang it on: keep it with the account
        try:
            sources.ensure(spec.url, kind=spec.kind.value, label=spec.title, **owner)
        except ValidationError as exc:  # validated on import already; a refusal here is logged, not fatal
            log.warning("template %s: research source %s not added: %s", template.id, spec.url, exc)
            continue
        count += 1
    return count
