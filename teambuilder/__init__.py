"""MLOps Team Builder: who covers which position of an ML/MLOps team, and what is at risk.

The public surface: load a roster, score it, and the models both speak.
"""

from teambuilder.catalogue import Catalogue, catalogue
from teambuilder.models import (
    Background,
    Coverage,
    Person,
    PersonLoad,
    Report,
    Roster,
    RuleWarning,
    Severity,
    TeamReport,
    TeamSettings,
)
from teambuilder.roster_io import load_roster, write_roster
from teambuilder.scoring import score
from teambuilder.validation import Problem, RosterError

__all__ = [
    "Background",
    "Catalogue",
    "Coverage",
    "Person",
    "PersonLoad",
    "Problem",
    "Report",
    "Roster",
    "RosterError",
    "RuleWarning",
    "Severity",
    "TeamReport",
    "TeamSettings",
    "catalogue",
    "load_roster",
    "score",
    "write_roster",
]
