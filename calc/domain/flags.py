"""A member's flags as structures: the status of one figure (``Flag("core", "edited")``) or of
the member itself (``EXCLUDED``, ``NOT_ASSESSED``, ``NOT_YET_ALLY``).

The engine attaches them to each :class:`~calc.engine.evaluate.MemberResult` (``flags``); the
output layer spells them for the JSON ``flags`` and the CSV (``"core:edited"``, ``"excluded"``:
:func:`calc.output.markers.flag_text`) and turns them into markers. Pure data.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Flag:
    """``figure`` (``gdp``, ``core`` or ``related``; None for the member itself) has ``status``
    (``edited``, ``estimate``, ``placeholder``, ``unknown`` ...; ``excluded``, ``not-assessed``, ``not-yet-ally``)."""

    figure: str | None
    status: str


#: The member is left out (in no group).
EXCLUDED = Flag(None, "excluded")
#: The targets do not apply to the member.
NOT_ASSESSED = Flag(None, "not-assessed")
#: Not an ally in the preset's year (it joined later): listed, not assessed (comes with
#: ``NOT_ASSESSED``).
NOT_YET_ALLY = Flag(None, "not-yet-ally")
#: Its related spending is unknown (counted as 0).
RELATED_UNKNOWN = Flag("related", "unknown")
