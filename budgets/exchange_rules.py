"""Who may import and export budget documents.

Kept apart from budgets/rules.py (the document pages' rules) and imported by
``BudgetsConfig.ready()``, since the rules autodiscovery loads ``rules.py`` only.
"""

from __future__ import annotations

import rules

from portal.rules import has_any_role, is_administrator, is_strategist

# Importing replaces a whole year's document: the strategists keep it.
rules.add_perm("budgets.import_budget", is_strategist | is_administrator)
# The export holds what the document page shows, so anyone who reads that may download it.
rules.add_perm("budgets.export_budget", has_any_role)
