"""Independent references for the numeric tests: mpmath at 50 digits, plain loops.

Nothing here imports app code, so a bug in app.numerics cannot hide in both.
"""

from __future__ import annotations

from collections.abc import Sequence

import mpmath

mpmath.mp.dps = 50


def softmax(logits: Sequence[float], temperature: float = 1.0) -> list[mpmath.mpf]:
    exps = [mpmath.exp(mpmath.mpf(o) / temperature) for o in logits]
    total = mpmath.fsum(exps)
    return [e / total for e in exps]


def log_softmax(logits: Sequence[float], temperature: float = 1.0) -> list[mpmath.mpf]:
    scaled = [mpmath.mpf(o) / temperature for o in logits]
    lse = mpmath.log(mpmath.fsum(mpmath.exp(z) for z in scaled))
    return [z - lse for z in scaled]


def smoothed(target: Sequence[float], smoothing: float) -> list[mpmath.mpf]:
    classes = len(target)
    eps = mpmath.mpf(smoothing)
    return [(1 - eps) * mpmath.mpf(y) + eps / classes for y in target]


def loss(logits: Sequence[float], target: Sequence[float], temperature: float = 1.0) -> mpmath.mpf:
    log_probs = log_softmax(logits, temperature)
    return -mpmath.fsum(mpmath.mpf(y) * lp for y, lp in zip(target, log_probs, strict=True) if y)


def grad_logits_numeric(
    logits: Sequence[float], target: Sequence[float], temperature: float = 1.0
) -> list[mpmath.mpf]:
    """∂L/∂o by mpmath's own numerical differentiation of the loss."""
    grads = []
    for j in range(len(logits)):

        def along(x: mpmath.mpf, j: int = j) -> mpmath.mpf:
            moved = [mpmath.mpf(o) for o in logits]
            moved[j] = x
            return loss(moved, target, temperature)

        grads.append(mpmath.diff(along, mpmath.mpf(logits[j])))
    return grads


def jacobian_numeric(logits: Sequence[float], temperature: float = 1.0) -> list[list[mpmath.mpf]]:
    """J_ij = ∂ŷ_i/∂o_j by mpmath's numerical differentiation of the softmax."""
    classes = len(logits)
    rows = [[mpmath.mpf(0)] * classes for _ in range(classes)]
    for j in range(classes):
        for i in range(classes):

            def prob_i(x: mpmath.mpf, i: int = i, j: int = j) -> mpmath.mpf:
                moved = [mpmath.mpf(o) for o in logits]
                moved[j] = x
                return softmax(moved, temperature)[i]

            rows[i][j] = mpmath.diff(prob_i, mpmath.mpf(logits[j]))
    return rows


def to_float(values: object) -> object:
    if isinstance(values, list):
        return [to_float(v) for v in values]
    return float(values)  # type: ignore[arg-type]
