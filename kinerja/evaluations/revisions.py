"""Keeping a final evaluation's earlier state whenever it changes.

A final evaluation changes only through a policy recompute or an objection
decision; both call ``revision_record`` inside their transaction before
writing, so no result is ever silently rewritten.
"""

from __future__ import annotations

from typing import Any

from kinerja.accounts.models import User
from kinerja.evaluations.models import Evaluation, EvaluationRevision


def evaluation_state(evaluation: Evaluation) -> dict[str, Any]:
    """The parts of an evaluation a revision keeps, as plain data."""
    return {
        "revision": evaluation.revision,
        "achievement": None if evaluation.achievement is None else str(evaluation.achievement),
        "proposed_rating": evaluation.proposed_rating,
        "result_rating": evaluation.result_rating,
        "result_rating_reason": evaluation.result_rating_reason,
        "behaviour_rating": evaluation.behaviour_rating,
        "predikat": evaluation.predikat,
        "policy_version": evaluation.policy_version,
        "finalised_at": evaluation.finalised_at.isoformat() if evaluation.finalised_at else None,
        "inputs": evaluation.inputs,
    }


def revision_record(
    *, evaluation: Evaluation, cause: str, note: str, user: object
) -> EvaluationRevision:
    """Keep `evaluation` as it is now and move it to its next revision number.

    The caller holds the evaluation's row lock and saves the evaluation after
    changing it; this only writes the history row and bumps ``revision``.
    """
    revision = EvaluationRevision.objects.create(
        evaluation=evaluation,
        number=evaluation.revision,
        cause=EvaluationRevision.Cause(cause),
        note=note,
        before=evaluation_state(evaluation),
        created_by=user if isinstance(user, User) else None,
    )
    evaluation.revision += 1
    return revision
