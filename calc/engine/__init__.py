"""Models and numbers only: evaluation and incremental re-evaluation (:mod:`.evaluate`), changes
and what-ifs (:mod:`.changes`), the what-if history (:mod:`.history`). See ARCHITECTURE.md.

The evaluation's public names are re-exported here, so ``from calc.engine import evaluate`` works;
the module itself is ``calc.engine.evaluate`` (import names *from* it: the package attribute
``evaluate`` is the function).
"""

from .evaluate import (
    ADJUST_MAX,
    CONTEXT,
    GroupResult,
    MemberResult,
    Result,
    adjust,
    aggregate,
    evaluate,
    evaluate_member,
    evaluate_one,
    gaps,
    group_definitions,
    reevaluate,
)

__all__ = [
    "ADJUST_MAX",
    "CONTEXT",
    "GroupResult",
    "MemberResult",
    "Result",
    "adjust",
    "aggregate",
    "evaluate",
    "evaluate_member",
    "evaluate_one",
    "gaps",
    "group_definitions",
    "reevaluate",
]
