"""Values of a workshop: its guide (from data/workshop.toml), votes and accepted risks."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator

from teambuilder.models import AcceptedRisk, Frozen

NOBODY = "nobody"  # the choice of a participant who thinks nobody covers a position


class WorkshopLimits(Frozen):
    join_code_length: int = Field(ge=4, le=12)
    join_code_alphabet: str = Field(min_length=10)
    note_max_chars: int = Field(ge=1, le=2000)
    participant_name_max_chars: int = Field(ge=1, le=120)
    join_attempts_per_window: int = Field(ge=1)
    join_window_seconds: float = Field(gt=0)
    join_attempts_per_window_server: int = Field(ge=1)
    agreement_labels: tuple[str, ...] = Field(min_length=3, max_length=7)
    # Accepting a warning as a risk: the reason may be this long (plain text).
    rationale_max_chars: int = Field(default=280, ge=1, le=500)

    @field_validator("join_code_alphabet")
    @classmethod
    def _distinct_characters(cls, alphabet: str) -> str:
        if (
            len(set(alphabet)) != len(alphabet)
            or not alphabet.isalnum()
            or alphabet.upper() != alphabet
        ):
            raise ValueError("must be distinct upper-case letters and digits")
        return alphabet


class WorkshopStep(Frozen):
    id: str
    title: str
    intro: str
    positions: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()


class PresetEntry(Frozen):
    id: str
    label: str
    file: str = Field(pattern=r"^[a-z0-9_]+\.json$")


class WorkshopGuide(Frozen):
    """The agenda, the questions for the room and the reference formations, as data."""

    limits: WorkshopLimits
    steps: tuple[WorkshopStep, ...] = Field(min_length=1)
    prompts: dict[str, tuple[str, ...]]
    presets: tuple[PresetEntry, ...] = ()

    def step(self, step_id: str) -> WorkshopStep:
        for step in self.steps:
            if step.id == step_id:
                return step
        valid = ", ".join(step.id for step in self.steps)
        raise KeyError(f"unknown workshop step {step_id!r}; valid steps: {valid}")

    def questions_for(self, code: str) -> tuple[str, ...]:
        return self.prompts.get(code, ())


WorkshopStatus = Literal["open", "closed"]
Note = Annotated[str, StringConstraints(max_length=2000)]


class CoverageVote(Frozen):
    """'Who covers this position today?': a person's name, or NOBODY."""

    participant: str
    position: str
    choice: str = Field(min_length=1, max_length=120)


class AgreementVote(Frozen):
    """How much a participant agrees with a warning, 1 (not at all) to 5, and why."""

    participant: str
    warning: str
    level: int = Field(ge=1, le=5)
    note: Note = ""


__all__ = [
    "NOBODY",
    "AcceptedRisk",
    "AgreementVote",
    "CoverageVote",
    "PresetEntry",
    "WorkshopGuide",
    "WorkshopLimits",
    "WorkshopStatus",
    "WorkshopStep",
]
