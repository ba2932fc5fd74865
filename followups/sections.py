"""Sections of a follow-up that apps above followups add, so that followups imports none of them.

An app registers a section in its ``AppConfig.ready()``: a template, a function that returns the
template's context for a follow-up (None: the follow-up has nothing of it), and optionally a function
that lists what the follow-up still lacks in it (followups/completeness.py ``Gap``s, which the editor
lists and which stop the submit while unexplained). The editor, the read view and the PDF render each
section in the order registered, passing the context as ``section`` and ``editable``: True only in the
reporter's editor of a follow-up that may be edited now. The section's own forms post to the registering
app's URLs, which must ask ``followups.edit_followup`` again. internalcontrol adds the control results
this way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from followups.completeness import Gap
    from followups.models import FollowUp


@dataclass(frozen=True)
class Section:
    template_name: str
    context: Callable[[FollowUp, bool], dict[str, Any] | None]
    gaps: Callable[[FollowUp], list[Gap]] | None = None


_sections: dict[str, Section] = {}


def register(name: str, section: Section) -> None:
    """Adds (or replaces) the section called ``name``."""
    _sections[name] = section


def rendered(followup: FollowUp, *, editable: bool) -> list[tuple[str, dict[str, Any]]]:
    """(template, context) for each section the follow-up has; each section's function decides its queries."""
    shown = []
    for section in _sections.values():
        context = section.context(followup, editable)
        if context is not None:
            shown.append((section.template_name, context))
    return shown


def gaps(followup: FollowUp) -> list[Gap]:
    """What the registered sections still lack in the follow-up."""
    return [gap for section in _sections.values() if section.gaps for gap in section.gaps(followup)]
