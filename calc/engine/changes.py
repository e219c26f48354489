"""What-ifs as data: changes, the input grammar people type, and applying changes to a preset.

A change is a frozen :class:`Change`. :func:`apply_changes` applies a sequence of them to a
preset in order (later changes win) and returns a new :class:`~calc.domain.dataset.Preset`; the input
is never mutated. The same changes come from ``--set``/``--exclude``/``--target`` on the command
line, from edits in the TUI and from scenario files, so all three behave identically.

Spending keeps the basis it was given in: a figure given as a share of GDP stays a share when
GDP changes (its amount moves with GDP); a figure given in USD stays fixed in USD.

A change names its member by code, name or alias (``DEU``, ``Germany``, ``GER``, ``UK``);
applying it resolves the name (:mod:`calc.domain.countries`) and describes it with the ISO3 code.
What people type is held to a unit (a bare number on a share is refused with its readings),
and :func:`implausible` says which results look like a slip (the CLI asks for ``--force``,
the TUI's editor for a second Enter).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, DecimalException, InvalidOperation, localcontext
from typing import Any, cast

from ..domain import registry
from ..domain.assumptions import RATE_BOUNDS, rate_in_bounds
from ..domain.countries import MemberNameError, MemberNames
from ..domain.dataset import (
    EDITED,
    MEMBER_FIELDS,
    SHARE_FIELDS,
    TARGET_FIELDS,
    ZERO,
    Figure,
    Growth,
    Member,
    Preset,
)
from ..domain.numtext import exact_money, exact_pct, plain
from ..errors import ChangeError, did_you_mean, printable, quoted
from .evaluate import CONTEXT

ALL = "*"
#: The op that switches counting Ukraine aid toward core spending, and its two fields.
COUNT_UKRAINE = "count-ukraine"
ON, OFF = "on", "off"
#: Member fields ``set`` may mark unknown (``?``): related spending and Ukraine aid.
MAY_BE_UNKNOWN = tuple(f.key for f in registry.FIELDS if f.may_be_unknown)

# What an operation's member may be (OpRule.member): a code or '*', a code, none, either.
ANY_MEMBER, A_MEMBER, NO_MEMBER, MAY_MEMBER = "any", "one", "none", "may"
# What its field is (OpRule.field): a member field, a target, on/off (None: it takes none).
MEMBER_FIELD, TARGET_FIELD, SWITCH = "member", "target", "switch"


@dataclass(frozen=True, slots=True)
class OpRule:
    """What one operation of a change needs and takes (:data:`OP_RULES`)."""

    member: str
    """:data:`ANY_MEMBER` (a code or ``*``), :data:`A_MEMBER`, :data:`NO_MEMBER`, :data:`MAY_MEMBER`."""
    field: str | None
    """:data:`MEMBER_FIELD`, :data:`TARGET_FIELD`, :data:`SWITCH`; None: it takes no field."""
    value: bool
    """It needs a value (else it takes none)."""
    unknown: bool = False
    """It may set a figure unknown instead of giving a value (only :data:`MAY_BE_UNKNOWN`)."""
    example: str = ""
    """After "needs a value" (``growth``: `` (e.g. 0.02)``)."""
    no_member: str = "takes no member"
    """What a member it does not take is told (``target``: it applies to everyone)."""


#: The one table of per-operation rules: what each op needs and takes. The applier
#: (:func:`validate_change`) and the scenario-file checks (:mod:`calc.files.scenario_file`)
#: both read it through :func:`rule_problems`, so a file and the API refuse the same changes
#: with the same words. Its keys, in order, are :data:`OPS`.
OP_RULES: dict[str, OpRule] = {
    "set": OpRule(ANY_MEMBER, MEMBER_FIELD, True, unknown=True),
    "add": OpRule(ANY_MEMBER, MEMBER_FIELD, True),
    "scale": OpRule(ANY_MEMBER, MEMBER_FIELD, True),
    "exclude": OpRule(A_MEMBER, None, False),
    "include": OpRule(A_MEMBER, None, False),
    "reset": OpRule(A_MEMBER, None, False),
    "target": OpRule(NO_MEMBER, TARGET_FIELD, True, no_member="applies to everyone; remove member"),
    "growth": OpRule(MAY_MEMBER, None, True, example=" (e.g. 0.02)"),
    COUNT_UKRAINE: OpRule(NO_MEMBER, SWITCH, False),
}
OPS = tuple(OP_RULES)


def rule_problems(
    op: str, member: str | None, field: str | None, value: object, unknown: bool = False
) -> list[tuple[str, str]]:
    """``(key, message)`` for each way a change breaks its operation's rule (:data:`OP_RULES`),
    in the order unknown, member, field, value; empty when it keeps it. ``op`` is one of
    :data:`OPS`; ``unknown``: the change sets its figure unknown (``unknown = true`` in a file).
    """
    rule = OP_RULES[op]
    out: list[tuple[str, str]] = []
    if unknown and not (rule.unknown and field in MAY_BE_UNKNOWN):
        out.append(("unknown", "only related spending and Ukraine aid can be set unknown"))
    if member is None and rule.member in (ANY_MEMBER, A_MEMBER):
        out.append(
            ("member", f"'{op}' needs a member code" + (" (or '*')" if rule.member == ANY_MEMBER else ""))
        )
    elif member is not None and rule.member == NO_MEMBER:
        out.append(("member", f"'{op}' {rule.no_member}"))
    if rule.field in (MEMBER_FIELD, TARGET_FIELD):
        names, what = (MEMBER_FIELDS, "field") if rule.field == MEMBER_FIELD else (TARGET_FIELDS, "target")
        if field not in names:
            head = (
                f"unknown {what} {quoted(field)}{did_you_mean(field, names)}"
                if field
                else f"'{op}' needs a field"
            )
            out.append(("field", f"{head}; {what}s are {', '.join(names)}"))
    elif rule.field == SWITCH:
        if field not in (ON, OFF):
            out.append(("field", f'\'{op}\' needs field = "{ON}" or "{OFF}"'))
    elif field is not None:
        out.append(("field", f"'{op}' takes no field"))
    if rule.value:
        if value is None and not (unknown and rule.unknown):
            out.append(("value", f"'{op}' needs a value{rule.example}"))
        elif value is not None and unknown:
            out.append(("value", "give either a value or unknown = true, not both"))
    elif value is not None:
        out.append(("value", f"'{op}' takes no value"))
    return out


_FIELD_LABEL = {f.key: f.label for f in registry.FIELDS}
_TARGET_LABEL = {t.key: t.label for t in registry.TARGETS}
_SHARE_TARGETS = tuple(t.key for t in registry.TARGETS if t.unit == registry.SHARE)


@dataclass(frozen=True, slots=True)
class Change:
    """One what-if change.

    * ``set``/``add``/``scale`` a member figure: ``member`` (a code or ``*``), ``field`` (one of
      :data:`~calc.domain.dataset.MEMBER_FIELDS`), ``value`` (USD bn, a fraction, or a factor).
      ``set`` with ``value=None`` on related marks it unknown.
    * ``exclude``/``include``/``reset`` a member: ``member``.
    * ``target``: ``field`` (one of :data:`~calc.domain.dataset.TARGET_FIELDS`), ``value``.
    * ``growth``: ``value`` (nominal GDP growth per year), ``member`` or None for everyone.
    * ``count-ukraine``: ``field`` ``on`` or ``off``: count each member's military aid to
      Ukraine toward its core spending (:attr:`~calc.domain.dataset.Preset.counts_ukraine_aid`).
    """

    op: str
    member: str | None = None
    field: str | None = None
    value: Decimal | None = None

    def __post_init__(self) -> None:
        if isinstance(self.value, int) and not isinstance(self.value, bool):
            object.__setattr__(self, "value", Decimal(self.value))

    def describe(self) -> str:
        """A short, human-readable line for headers, reports and scenario listings
        (:func:`describe`)."""
        return describe(self)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"op": self.op}
        if self.member is not None:
            d["member"] = self.member
        if self.field is not None:
            d["field"] = self.field
        if self.value is not None:
            d["value"] = self.value
        elif self.op == "set":
            d["unknown"] = True
        return d


def _short(x: object) -> str:
    """A code or name from a change, for a one-line description (escaped, at most 20 chars)."""
    if x is None:
        return ""
    text = printable(str(x)).replace("\n", "\\n")
    return text if len(text) <= 20 else text[:19] + "…"


# --------------------------------------------------------------------------------------------
# The input grammar: what a person types into a cell or after `--set CODE.field=`.
# --------------------------------------------------------------------------------------------

_NUM = r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+"
_INPUT = re.compile(rf"^(?P<op>[+\-*x×]|=)?\s*(?P<num>{_NUM})\s*(?P<unit>%|pp)?$", re.IGNORECASE)


def _clean(text: str) -> str:
    t = text.strip().replace("_", "").replace("\u2212", "-")
    t = re.sub(r"(?<=\d),(?=\d{3}\b)", "", t)  # thousands separators: 1,039.6
    t = re.sub(r"(?i)^\$|\s*(usd\s*)?bn$|\s*\$?bn$", "", t).strip()
    t = re.sub(r"(?i)^usd\s*", "", t)
    return t


def parse_input(field: str, text: str) -> Change:
    """Turn what a person typed for ``field`` of a member into a change (member left None).

    Accepted, for money fields (``gdp``, ``core``, ``related``):

    * ``45.3`` (or ``$45.3 bn``, ``1,039.6``): set to USD 45.3 bn
    * ``2.4%``: set to 2.4 % of GDP (spending only)
    * ``+10%`` / ``-10%``: scale by 1.10 / 0.90
    * ``+5`` / ``-5``: add / subtract USD 5 bn
    * ``x1.1`` (or ``*1.1``): multiply by 1.1
    * ``?`` (related only): unknown

    For share fields (``core_share``, ``related_share``) a number needs its unit: ``3%`` is
    3 % of GDP, ``+0.5pp`` adds half a percentage point, ``+10%`` scales by 1.10. A bare number
    (``0.03``, ``+0.5``) is refused with the readings it could have, since a slip of unit there
    moves a share by a factor of 100 (scenario files, which hold fractions, are not read here).

    Raises:
        ChangeError: saying why the text is not accepted.
    """
    if field not in MEMBER_FIELDS:
        raise ChangeError(f"unknown field {quoted(field)}{did_you_mean(field, MEMBER_FIELDS)}")
    t = _clean(text)
    if not t:
        raise ChangeError("type a value, e.g. 45.3 (USD bn), 2.4% (of GDP), +10% or +5")
    if t == "?":
        if field in MAY_BE_UNKNOWN:
            return Change("set", field=field.removesuffix("_share"), value=None)
        raise ChangeError(f"{_FIELD_LABEL[field]} cannot be unknown")
    m = _INPUT.match(t)
    if not m:
        raise ChangeError(
            f"{quoted(text.strip())} is not a number; type e.g. 45.3 (USD bn), 2.4% (of GDP), "
            "+10% (relative), +5 or -5 (USD bn)"
        )
    op, unit = m.group("op"), (m.group("unit") or "").lower()
    try:
        num = Decimal(m.group("num"))
    except InvalidOperation:  # pragma: no cover - the regex admits only valid numbers
        raise ChangeError(f"{quoted(text.strip())} is not a number") from None
    problem = value_problem(num)
    if problem:
        raise ChangeError(problem)
    is_share_field = field in SHARE_FIELDS
    base = field.removesuffix("_share")
    if op in ("*", "x", "X", "×"):
        if unit:
            raise ChangeError("a factor takes no unit: type e.g. x1.1")
        return Change("scale", field=field, value=num)
    if op in ("+", "-"):
        signed = num if op == "+" else num.copy_negate()  # exact, whatever the digits
        if unit == "%":
            return Change("scale", field=field, value=CONTEXT.add(1, signed.scaleb(-2, CONTEXT)))
        if unit == "pp":
            if field == "gdp":
                raise ChangeError("GDP cannot change by percentage points; use +10% or +5")
            return Change("add", field=f"{base}_share", value=signed.scaleb(-2, CONTEXT))
        if is_share_field and num != 0:
            raise ChangeError(_bare_relative(op, num))
        return Change("add", field=field, value=signed)
    # a plain value (optionally written "=3%")
    if unit == "pp":
        raise ChangeError("pp is for changes, e.g. +0.5pp; to set a share type 3%")
    if unit == "%":
        if field == "gdp":
            raise ChangeError("GDP cannot be a share of GDP; type USD bn, e.g. 5013.6")
        return Change("set", field=f"{base}_share", value=num.scaleb(-2, CONTEXT))
    if is_share_field and num != 0:
        raise ChangeError(_bare_share("a share", num))
    return Change("set", field=field, value=num)


def _bare_share(what: str, num: Decimal) -> str:
    """Why a bare number on a share (or a target) is refused, with the readings it could have."""
    readings = [f"{plain(num)}% (of GDP)"]
    if num <= 1:  # as a fraction of GDP, as scenario files write it
        readings.insert(0, f"{plain(num.scaleb(2, CONTEXT))}% (the fraction {plain(num)} of GDP)")
    return f"a bare number on {what} is ambiguous; write {' or '.join(readings)}"


def _bare_relative(op: str, num: Decimal) -> str:
    """Why ``+0.5`` on a share is refused: points of GDP, a relative change, or a share."""
    factor = CONTEXT.add(1, (num if op == "+" else num.copy_negate()).scaleb(-2, CONTEXT))
    readings = [f"{op}{plain(num)}pp (points of GDP)", f"{op}{plain(num)}% (relative: ×{plain(factor)})"]
    if op == "+":
        readings.append(f"{plain(num)}% (of GDP)")
    listed = ", ".join(readings[:-1]) + f" or {readings[-1]}"
    return f"a bare number on a share is ambiguous; write {listed}"


def parse_target_input(name: str, text: str) -> Change:
    """Turn what a person typed for a target (``core``, ``deadline``, ...) into a change."""
    if name not in TARGET_FIELDS:
        raise ChangeError(
            f"unknown target {quoted(name)}{did_you_mean(name, TARGET_FIELDS)}; "
            f"targets are {', '.join(TARGET_FIELDS)}"
        )
    t = text.strip().replace("_", "")
    if name == "deadline":
        if not re.fullmatch(r"\d{4}", t):
            raise ChangeError("the deadline is a year, e.g. 2035")
        return Change("target", field=name, value=Decimal(t))
    m = re.fullmatch(rf"({_NUM})\s*(%?)", t)
    if not m:
        raise ChangeError(f"{quoted(text.strip())} is not a share; type e.g. 3% (of GDP)")
    num = Decimal(m.group(1))
    problem = value_problem(num)
    if problem:
        raise ChangeError(problem)
    if m.group(2):
        num = num.scaleb(-2, CONTEXT)
    elif num != 0:
        raise ChangeError(_bare_share("a target", num))
    return Change("target", field=name, value=num)


def parse_growth_input(text: str) -> Decimal:
    """``2%`` or ``0.02`` -> Decimal('0.02'); negative growth allowed down to -50 %."""
    t = text.strip()
    m = re.fullmatch(rf"([+\-]?)\s*({_NUM})\s*(%?)", t)
    if not m:
        raise ChangeError(f"{quoted(t)} is not a growth rate; type e.g. 2% or 0.02")
    problem = value_problem(Decimal(m.group(2)))
    if problem:
        raise ChangeError(problem)
    num = Decimal(m.group(2)).scaleb(-2 if m.group(3) else 0, CONTEXT)
    if m.group(1) == "-":
        num = num.copy_negate()
    if not rate_in_bounds(num):
        raise ChangeError(f"growth must be {RATE_BOUNDS}")
    return num


# --------------------------------------------------------------------------------------------
# Applying changes
# --------------------------------------------------------------------------------------------


def _edited(fig: Figure | None, value: Decimal | None, share: bool) -> Figure | None:
    if value is None:
        return None
    return Figure(value, share=share, status=EDITED)


def _check_member_value(code: str, field: str, value: Decimal | None) -> None:
    if value is None:
        return
    if not value.is_finite():
        raise ChangeError(f"{code} {_FIELD_LABEL[field]}: must be a finite number", key="value")
    if field == "gdp" and value <= 0:
        raise ChangeError(f"{code} GDP: must be greater than 0 (got {plain(value)})", key="value")
    if field == "gdp" and value < registry.FIELD["gdp"].minimum:
        raise ChangeError(f"{code} GDP: must be at least 0.000001 (USD 1,000)", key="value")
    if value < 0:
        raise ChangeError(
            f"{code} {_FIELD_LABEL[field]}: cannot be negative (would be {plain(value)})",
            key="value",
        )
    spec = registry.FIELD[field]
    if value > spec.maximum:
        limit = "cannot exceed 100 % of GDP" if spec.share else f"must be at most {spec.maximum:,} (USD bn)"
        raise ChangeError(f"{code} {spec.label}: {limit}", key="value")


def _apply_to_member(m: Member, ch: Change) -> Member:
    field = ch.field or ""
    assert field in MEMBER_FIELDS, "validate_change held the change to its rule (OP_RULES)"
    base = field.removesuffix("_share")
    g = m.gdp.value
    if base == "gdp":
        cur = g
        if ch.op == "set":
            new = _need(ch)  # only MAY_BE_UNKNOWN fields are set unknown (OP_RULES)
        elif ch.op == "add":
            new = cur + _need(ch)
        else:
            new = cur * _need(ch)
        _check_member_value(m.code, "gdp", new)
        return replace(m, gdp=Figure(new, status=EDITED), edited=m.edited | {"gdp"})
    fig: Figure | None = getattr(m, base)
    as_share = field in SHARE_FIELDS
    if ch.op == "set":
        _check_member_value(m.code, field, ch.value)
        new_fig = _edited(fig, ch.value, as_share)
    else:
        if fig is None and ch.op == "scale":
            raise ChangeError(f"{m.code} {_FIELD_LABEL[base]} is unknown: set it first", key="field")
        if ch.op == "add":
            if fig is None:
                cur = ZERO
            elif as_share:
                cur = fig.value if fig.share else fig.value / g
            else:
                cur = fig.amount(g)
            new = cur + _need(ch)
            _check_member_value(m.code, field, new)
            new_fig = Figure(new, share=as_share, status=EDITED)
        else:  # scale keeps the basis the figure was given in
            assert fig is not None
            new = fig.value * _need(ch)
            _check_member_value(m.code, f"{base}_share" if fig.share else base, new)
            new_fig = Figure(new, share=fig.share, status=EDITED)
    return replace(m, **{base: new_fig}, edited=m.edited | {base})  # type: ignore[arg-type]  # base names a Figure field


def _need(ch: Change) -> Decimal:
    if ch.value is None:
        raise ChangeError(f"'{ch.op}' needs a value", key="value")
    return ch.value


def _apply_target(preset: Preset, ch: Change) -> Preset:
    name = ch.field or ""
    assert name in TARGET_FIELDS, "validate_change held the change to its rule (OP_RULES)"
    v = _need(ch)
    target = registry.TARGET[name]
    if target.unit == registry.YEAR:
        if v != v.to_integral_value() or not target.minimum <= v <= target.maximum:
            raise ChangeError(
                f"the {target.label} must be a year between {target.minimum} and {target.maximum}",
                key="value",
            )
        return replace(preset, targets=replace(preset.targets, **{name: int(v)}))  # type: ignore[arg-type]  # a year target
    if not target.minimum <= v <= target.maximum:
        raise ChangeError(f"the {target.label} must be between 0 % and 100 %", key="value")
    return replace(preset, targets=replace(preset.targets, **{name: v}))  # type: ignore[arg-type]  # a share target


#: Largest size of a change's value: far beyond any real figure, factor or rate, small enough
#: that every product and every message stays short and exact.
MAX_VALUE = Decimal(10) ** 18
#: Smallest size of a non-zero change value.
MIN_VALUE = Decimal(10) ** -18
#: Most significant digits a change's value may carry (the engine computes with 50).
MAX_DIGITS = 50


def value_problem(value: object) -> str | None:
    """Why ``value`` cannot be a change's value (None when it can)."""
    if value is None:
        return None
    if not isinstance(value, Decimal) or isinstance(value, bool):
        return f"the value must be a number, not {type(value).__name__}"
    if not value.is_finite():
        return "the value must be a finite number (not nan or inf)"
    if value == 0:
        return None
    if abs(value) > MAX_VALUE:
        return "the value is far too large (more than 10^18)"
    if abs(value) < MIN_VALUE:
        return "the value is too small to mean anything (below 10^-18 but not 0)"
    digits = value.as_tuple().digits
    while len(digits) > 1 and digits[-1] == 0:
        digits = digits[:-1]
    if len(digits) > MAX_DIGITS:
        return f"the value has more than {MAX_DIGITS} significant digits"
    return None


def validate_change(ch: Change) -> None:
    """Checks a change needs before any preset is known: a known op, sane types and value."""
    if not isinstance(ch.op, str) or ch.op not in OPS:
        op = str(ch.op)
        raise ChangeError(f"unknown operation {quoted(op)}{did_you_mean(op, OPS)}", key="op")
    for name in ("member", "field"):
        v = getattr(ch, name)
        if v is not None and not isinstance(v, str):
            raise ChangeError(f"'{ch.op}': the {name} must be text, not {type(v).__name__}", key=name)
    problem = value_problem(ch.value)
    if problem:
        raise ChangeError(f"'{ch.op}': {problem}", key="value")
    # a set without a value sets its figure unknown (related spending, Ukraine aid only)
    unknown = ch.op == "set" and ch.value is None
    problems = rule_problems(ch.op, ch.member, ch.field, ch.value, unknown)
    if problems:  # the first, as a file reports them all
        key, message = problems[0]
        raise ChangeError(message, key="value" if key == "unknown" else key)


def apply_changes(preset: Preset, changes: Iterable[Change], *, original: Preset | None = None) -> Preset:
    """Apply ``changes`` to ``preset`` in order and return the new preset.

    Semantics: changes apply one after the other, each to the result of the previous ones, so
    where two changes touch the same figure the later one wins. ``member = "*"`` applies a
    set/add/scale to every *included* member (excluded members are left alone) and an
    exclude/include/reset to every member. A growth change for a member overrides the
    alliance-wide rate for that member, whatever their order. ``preset`` is never modified.

    ``original`` is the preset ``reset`` restores members from (default: ``preset``).

    Raises:
        ChangeError: naming the change and what is wrong (unknown member with a did-you-mean,
            a value out of range, ...), with ``index`` (0-based position of the failing
            change), ``key`` (member, field or value) and ``detail`` (the bare message).
            Nothing is returned in that case.
    """
    changes = list(changes)
    if not changes:
        return preset
    original = original or preset
    members = {m.code: m for m in preset.members}
    order = list(members)
    names = _Names(members)
    growth_default = preset.growth.default
    growth_members = dict(preset.growth.members)
    descriptions = list(preset.modified)
    out = preset
    with localcontext(CONTEXT):
        for i, ch in enumerate(changes):
            try:
                validate_change(ch)
                if ch.op == COUNT_UKRAINE:
                    out = replace(out, counts_ukraine_aid=ch.field == ON)
                elif ch.op == "target":
                    out = _apply_target(out, ch)
                elif ch.op == "growth":
                    rate = _need(ch)
                    if not rate_in_bounds(rate):
                        raise ChangeError(f"growth must be {RATE_BOUNDS}", key="value")
                    if ch.member in (None, ALL):
                        growth_default = rate
                    else:
                        ch = names.resolved(ch)
                        assert ch.member is not None, "a resolved member change names its member"
                        growth_members[ch.member] = rate
                else:
                    if ch.member != ALL:
                        ch = names.resolved(ch)
                    targets = order if ch.member == ALL else [cast(str, ch.member)]  # resolved: a code
                    for code in targets:
                        m = members[code]
                        if ch.op == "exclude":
                            members[code] = replace(m, included=False)
                        elif ch.op == "include":
                            members[code] = replace(m, included=True)
                        elif ch.op == "reset":
                            members[code] = original.member(code) or m
                        elif ch.member == ALL and not (m.included and m.assessed):
                            continue  # '*' is every member the targets apply to (not Iceland)
                        else:
                            members[code] = _apply_to_member(m, ch)
            except DecimalException:  # defensive: values are bounded, so this cannot happen
                where = f"change {i + 1} ({_describe(ch)})" if len(changes) > 1 else _describe(ch)
                detail = "the result is out of range"
                raise ChangeError(f"{where}: {detail}", key="value", index=i, detail=detail) from None
            except ChangeError as e:
                where = f"change {i + 1} ({_describe(ch)})" if len(changes) > 1 else _describe(ch)
                raise ChangeError(f"{where}: {e.detail}", key=e.key, index=i, detail=e.detail) from None
            descriptions.append(ch.describe())
    growth = Growth(growth_default, tuple(sorted(growth_members.items())))
    return replace(
        out,
        members=tuple(members[c] for c in order),
        modified=tuple(descriptions),
        growth=growth,
    )


class _Names:
    """Member codes for what a change names (a code, a name, an alias), for one application.

    An exact code is a dictionary look-up; the name index is built on the first other text.
    """

    __slots__ = ("_members", "_names")

    def __init__(self, members: dict[str, Member]) -> None:
        self._members = members
        self._names: MemberNames | None = None

    def code(self, text: str | None) -> str:
        """The code of the member ``text`` names, or a ChangeError with the candidates."""
        if text in self._members:
            return text
        if not text or not text.strip():
            raise ChangeError("this change needs a member code, e.g. DEU (or a name: Germany)", key="member")
        if self._names is None:
            self._names = MemberNames((c, m.name) for c, m in self._members.items())
        try:
            return self._names.resolve(text)
        except MemberNameError as e:
            raise ChangeError(e.msg, key="member") from None

    def resolved(self, ch: Change) -> Change:
        """``ch`` naming its member by code (the same object when it already does)."""
        code = self.code(ch.member)
        return ch if code == ch.member else replace(ch, member=code)


def resolve_member(preset: Preset, text: str) -> str:
    """The code of the member of ``preset`` that ``text`` names: its code, ISO alpha-2 code,
    name in any case, or a common alias (``UK``, ``US``, ``GER``); see
    :class:`~calc.domain.countries.MemberNames`.

    Raises:
        ChangeError: no member or several, with ranked suggestions (``key = "member"``).
    """
    return _Names({m.code: m for m in preset.members}).code(text)


def describe(change: Change) -> str:
    """A change as one line of text (headers, reports, scenario listings, the TUI's undo names).

    Part of the model: :func:`apply_changes` records it in ``Preset.modified`` and names a
    failing change by it. Values are shown exactly as given (:mod:`calc.domain.numtext`, no
    rounding), so two different what-ifs never read the same."""
    if change.op == COUNT_UKRAINE and change.field in (ON, OFF):
        return count_ukraine_text(change.field == ON)
    if value_problem(change.value) or not all(
        isinstance(x, (str, type(None))) for x in (change.op, change.member, change.field)
    ):  # never format a value that is not a sane number
        return " ".join(_short(x) for x in (change.op, change.member, change.field) if x)
    if change.value is None and change.op not in ("set", "exclude", "include", "reset"):
        return " ".join(_short(x) for x in (change.op, change.member, change.field) if x) + " (no value)"
    # Values are shown exactly as given (only trailing zeros trimmed): two different
    # what-ifs never read the same (3.4999 % is not "3.50 %").
    who = "all members" if change.member == ALL else _short(change.member)
    if change.op in ("exclude", "include", "reset"):
        return f"{change.op} {who}"
    if change.op == "growth":
        return f"GDP growth {exact_pct(change.value)}/yr" + (f" for {who}" if who else "")  # type: ignore[arg-type]  # a value: only set and the member ops go on without one (checked above)
    if change.op == "target":
        label = _TARGET_LABEL.get(change.field or "", _short(change.field))
        shown = plain(change.value) if change.field == "deadline" else exact_pct(change.value)  # type: ignore[arg-type]  # a value: only set and the member ops go on without one (checked above)
        return f"{label} → {shown}"
    label = _FIELD_LABEL.get(change.field or "", _short(change.field))
    if change.op == "scale":
        return f"{who} {label} ×{plain(change.value)}"  # type: ignore[arg-type]  # a value: only set and the member ops go on without one (checked above)
    if change.value is None:
        return f"{who} {label} → unknown"
    if change.op == "add":
        size = change.value.copy_abs()
        sign = "+" if change.value >= 0 else "−"
        if change.field in SHARE_FIELDS:
            shown = exact_pct(size).removesuffix(" %") + " pp"
        else:
            shown = f"${exact_money(size)} bn"
        return f"{who} {label} {sign}{shown}"
    shown = exact_pct(change.value) if change.field in SHARE_FIELDS else f"${exact_money(change.value)} bn"
    return f"{who} {label} → {shown}"


def count_ukraine_text(on: bool) -> str:
    """The change ``count-ukraine on|off`` as a line (headers, the TUI's undo names)."""
    return "Ukraine aid counted toward core spending" if on else "Ukraine aid not counted"


def count_ukraine(on: bool = True) -> Change:
    """The change that switches counting Ukraine aid toward core spending on or off (one
    undoable step in a what-if history; ``--count-ukraine`` on the command line)."""
    return Change(COUNT_UKRAINE, field=ON if on else OFF)


def _describe(ch: Change) -> str:
    """``ch.describe()``, or a plain rendering when the change is too malformed to describe."""
    try:
        return ch.describe()
    except Exception:  # e.g. a growth change without a value
        return f"{ch.op} {ch.member or ''} {ch.field or ''}".strip()


def changes_from_cli(
    sets: Sequence[str] = (), excludes: Sequence[str] = (), targets: Sequence[str] = ()
) -> list[Change]:
    """Build changes from ``--set CODE.field=VALUE``, ``--exclude CODE``, ``--target name=V``.

    ``CODE`` is kept as typed (a code, a name or an alias such as ``UK``); :func:`apply_changes`
    resolves it against the preset and describes the change with the ISO3 code.
    """
    out: list[Change] = []
    for s in sets:
        left, sep, right = s.partition("=")
        code, dot, field = left.strip().rpartition(".")  # a name may hold dots: U.S.A.core
        if not sep or not dot or not code or not field:
            raise ChangeError(
                f"--set {quoted(s)}: write CODE.field=VALUE, e.g. DEU.core_share=3% or USA.gdp=30000"
            )
        code = code.strip()
        field = field.strip()
        if field not in MEMBER_FIELDS:
            raise ChangeError(
                f"--set {quoted(s)}: unknown field {quoted(field)}{did_you_mean(field, MEMBER_FIELDS)}; "
                f"fields are {', '.join(MEMBER_FIELDS)}"
            )
        try:
            ch = parse_input(field, right)
        except ChangeError as e:
            raise ChangeError(f"--set {quoted(s)}: {e.msg}") from None
        out.append(replace(ch, member=code))  # a code, a name or an alias: resolved on applying
    for code in excludes:
        out.append(Change("exclude", member=code.strip()))
    for t in targets:
        name, sep, value = t.partition("=")
        if not sep:
            raise ChangeError(f"--target {quoted(t)}: write NAME=VALUE, e.g. core=3% or deadline=2032")
        try:
            out.append(parse_target_input(name.strip(), value))
        except ChangeError as e:
            raise ChangeError(f"--target {quoted(t)}: {e.msg}") from None
    return out


# --------------------------------------------------------------------------------------------
# Plausibility: a result no one means (a unit slip, a digit too many) is refused on the
# command line unless confirmed (--force), and shown as a warning in the TUI's editor.
# --------------------------------------------------------------------------------------------

#: A member's spending share, or a target, above this share of GDP is implausible.
PLAUSIBLE_SHARE = Decimal("0.2")
#: A figure (or a target) that changes by more than this factor, either way, is implausible.
PLAUSIBLE_FACTOR = Decimal(5)
#: A GDP or a spending figure under this fraction of its current value is implausible.
PLAUSIBLE_FLOOR = Decimal("0.01")

_SHARE_OF = {"core": "core_share", "related": "related_share", "ukraine_aid": "ukraine_aid_share"}


@dataclass(frozen=True, slots=True)
class Implausible:
    """One figure an edit made look like a slip: numbers, worded by
    :func:`calc.output.describe.implausible_text` (e.g. "POL (Poland) core spending: $4.00 bn →
    $24.00 bn, more than 5 times its current value")."""

    who: str | None
    """The member, ``DEU (Germany)``; None for a target."""
    label: str
    """What moved: ``core spending``, ``core share``, ``core target``."""
    unit: str
    """``money`` (USD bn), ``share`` (of GDP) or ``target`` (a target's share, shown exactly)."""
    a: Decimal | None
    """Before (None: unknown) and after."""
    b: Decimal
    why: str
    """``above 20 % of GDP``, ``more than 5 times its current value`` ..."""
    typed: Decimal | None = None
    """A USD figure typed that would be plausible as a share of GDP (the message says how to write it)."""


def implausible(before: Preset, after: Preset, changes: Iterable[Change] = ()) -> list[Implausible]:
    """Why ``after`` (``before`` with ``changes`` applied) looks like a slip, one finding per figure.

    A figure is implausible when a change made it a share of GDP above 20 % (a member's core
    or related spending, or a target, that was not above before), moved it by more than a
    factor of 5 either way, or left a GDP or a spending figure under 1 % of its current value.
    Only figures that changed are judged, so a preset's own data never is. ``changes`` (those applied) let a message say
    what a USD figure would have been as a share ("3" typed for core spending: did the person
    mean 3 %?). Pure: the command line refuses on any finding unless ``--force`` is given; the
    TUI's editor shows them before Enter (worded by :func:`calc.output.describe.implausible_text`).
    """
    typed_usd = {(ch.field, ch.value) for ch in changes if ch.op == "set" and ch.field in _SHARE_OF}
    out: list[Implausible] = []
    old_members = {m.code: m for m in before.members}
    with localcontext(CONTEXT):
        for m in after.members:
            old = old_members.get(m.code)
            if old is None or old is m or old == m:  # untouched members are the same object
                continue
            who = f"{m.code} ({printable(m.name)})" if m.name and m.name != m.code else m.code
            out += _implausible_member(who, old, m, typed_usd)
        for name in _SHARE_TARGETS:  # the deadline is a year, checked when applied
            a, b = before.targets.get(name), after.targets.get(name)
            if a == b:
                continue
            assert isinstance(a, Decimal) and isinstance(b, Decimal), "a share target is a Decimal"
            why = _implausible_share(b) or _implausible_factor(a, b)
            if why:
                out.append(Implausible(None, _TARGET_LABEL[name], "target", a, b, why))
    return out


def _implausible_member(
    who: str, old: Member, new: Member, typed_usd: set[tuple[str, Decimal | None]]
) -> list[Implausible]:
    out = []
    g0, g1 = old.gdp.value, new.gdp.value
    for field in ("gdp", *_SHARE_OF):
        f0, f1 = getattr(old, field), getattr(new, field)
        if f0 is None or f1 is None or f0 == f1:
            continue
        a = g0 if field == "gdp" else f0.amount(g0)
        b = g1 if field == "gdp" else f1.amount(g1)
        why = None
        if a > 0 and b < a * PLAUSIBLE_FLOOR:
            why = "under 1 % of its current value"
        else:
            why = _implausible_factor(a, b)
        if why:
            plausible_as_share = f1.value * Decimal("0.01") <= PLAUSIBLE_SHARE
            typed = None
            if field != "gdp" and not f1.share and (field, f1.value) in typed_usd and plausible_as_share:
                typed = f1.value
            out.append(Implausible(who, _FIELD_LABEL[field], "money", a, b, why, typed))
    for field, share_field in _SHARE_OF.items():
        f0, f1 = getattr(old, field), getattr(new, field)
        if f1 is None:
            continue
        a = f0.amount(g0) / g0 if f0 is not None else None
        b = f1.amount(g1) / g1
        crossed = a is None or not _implausible_share(a)  # a share already above: not a slip
        why = _implausible_share(b)
        if a != b and crossed and why:
            out.append(Implausible(who, _FIELD_LABEL[share_field], "share", a, b, why))
    return out


def _implausible_share(share: Decimal) -> str | None:
    return "above 20 % of GDP" if share > PLAUSIBLE_SHARE else None


def _implausible_factor(a: Decimal, b: Decimal) -> str | None:
    if a <= 0:
        return None  # from nothing, any figure is a start (the share check still applies)
    if b > a * PLAUSIBLE_FACTOR:
        return f"more than {PLAUSIBLE_FACTOR} times its current value"
    if b * PLAUSIBLE_FACTOR < a:
        return "less than a fifth of its current value"
    return None
