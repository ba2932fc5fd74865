"""Who may keep the API keys. The predicates come from portal/rules.py."""

from __future__ import annotations

import rules

from portal.rules import is_administrator, is_strategist

# The strategist and the administrator make and revoke keys for the write API.
rules.add_perm("api.manage_tokens", is_strategist | is_administrator)
