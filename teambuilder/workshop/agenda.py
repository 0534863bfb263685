"""The workshop's agenda: which warnings and questions belong to which step."""

from __future__ import annotations

from dataclasses import dataclass

from teambuilder.models import RuleWarning, TeamReport
from teambuilder.workshop.models import WorkshopGuide, WorkshopStep

# Coverage warnings follow their positions to a step; every other code is listed by one.
POSITION_LED_CODES = frozenset({"UNCOVERED", "THIN_COVERAGE", "SINGLE_POINT_OF_FAILURE"})


@dataclass(frozen=True)
class StepWarning:
    warning: RuleWarning
    questions: tuple[str, ...]


@dataclass(frozen=True)
class AgendaStep:
    step: WorkshopStep
    number: int
    warnings: tuple[StepWarning, ...]


def step_of(guide: WorkshopGuide, warning: RuleWarning) -> WorkshopStep | None:
    """The first step that lists the warning's code, or (coverage) one of its positions."""
    for step in guide.steps:
        if warning.code in step.codes:
            return step
    if warning.code in POSITION_LED_CODES:
        for step in guide.steps:
            if any(position in step.positions for position in warning.positions):
                return step
    return None


def agenda(guide: WorkshopGuide, report: TeamReport) -> tuple[AgendaStep, ...]:
    """Every step of the guide with the team's warnings that belong to it, in report order.

    A warning no step claims goes to the last step with positions, so nothing is skipped.
    """
    by_step: dict[str, list[StepWarning]] = {step.id: [] for step in guide.steps}
    fallback = next((s for s in reversed(guide.steps) if s.positions), guide.steps[-1])
    for warning in report.warnings:
        step = step_of(guide, warning) or fallback
        by_step[step.id].append(StepWarning(warning, guide.questions_for(warning.code)))
    return tuple(
        AgendaStep(step=step, number=index, warnings=tuple(by_step[step.id]))
        for index, step in enumerate(guide.steps, start=1)
    )
