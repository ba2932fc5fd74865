"""Who may use the audit pages. The predicates come from portal/rules.py.

The auditor reads; the audit app is the only place where an auditor writes anything: a question on an
assessment. Strategists answer; strategists and administrators read what the auditors did."""

from __future__ import annotations

import rules

from portal.rules import is_administrator, is_auditor, is_strategist

# Frozen copies, evidence trails and their packages; the questions and the log of the auditors' work.
rules.add_perm("audit.view_audit", is_auditor | is_strategist | is_administrator)
rules.add_perm("audit.ask_question", is_auditor)
rules.add_perm("audit.answer_question", is_strategist)
# Everyone's events for the strategist and the administrator; an auditor sees their own.
rules.add_perm("audit.view_all_events", is_strategist | is_administrator)
# The admin: the administrator reads the records (audit/admin.py); nobody makes or changes them there.
rules.add_perm("audit", is_administrator)
for model_name in ("frozencopy", "frozenfile", "auditevent", "question", "answer"):
    rules.add_perm(f"audit.view_{model_name}", is_administrator)
