"""The what-if session, without the screen: state and operations, no Textual, no Rich.

A :class:`Session` holds what the TUI shows and is the only thing that changes it:

* the figures: :attr:`Session.history` (the base preset and every change, with undo/redo),
  :attr:`Session.preset` (the changes in force) and :attr:`Session.result` (its evaluation,
  kept up to date incrementally by :func:`calc.engine.reevaluate`);
* the view: :attr:`group`, :attr:`sort`, :attr:`filter`;
* compare mode: :attr:`compare_side` (A) and :attr:`comparison` (A against the session, B);
* the file: :attr:`scenario_path`, its :attr:`scenario_stamp`, :attr:`saved_changes` (what is on
  disk, for the dirty state), the label and description.

Every operation returns a :class:`Changed`: what the screen has to repaint and what to tell
the user. A refusal is a :class:`~calc.errors.CalcError` raised with nothing changed (the
app shows it); a lost update on save is :class:`ChangedOnDisk`, never a dialog.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.countries import builtin_group_codes, member_matches
from ..domain.dataset import Preset
from ..engine.evaluate import MemberResult, Result, evaluate, group_definitions, reevaluate
from ..engine.history import History
from ..errors import CalcError, OutputError
from .cells import default_descending, matches, ordered
from .compare_cells import compare_ordered

if TYPE_CHECKING:  # pragma: no cover
    from decimal import Decimal

    from ..engine.changes import Change
    from ..engine.commands import Command
    from ..engine.plans import Plans, PlansComparison
    from ..engine.timeline import History as TimeSeries
    from ..files.scenario_file import Scenario
    from ..files.tomlio import FileStamp
    from ..output.compare import Comparison, MemberComparison
    from .glance import Burden, ShareChart
    from .reproduce import Source
    from .session_commands import CommandRun

#: :attr:`Changed.members` when every row may have changed.
ALL = "*"


@dataclass(frozen=True, slots=True)
class Notice:
    """Something to tell the user (a notification)."""

    text: str
    severity: str = "information"
    title: str = ""
    timeout: float | None = None


@dataclass(frozen=True, slots=True)
class Changed:
    """What an operation changed, so that the screen repaints only that.

    ``members``: codes whose figures changed (:data:`ALL`: any may have; an empty set: none).
    ``old``: the result before a change of figures (the table redraws the cells that differ).
    ``rows``: which rows are shown changed (group, filter, a preset opened): rebuild the rows.
    ``columns``: choose the columns again (compare mode started or stopped, a preset opened).
    ``order``: the rows' order changed (sort). ``chrome``: bar, aggregates, panels.
    ``mode``: compare mode started or stopped (the screen picks its view again).
    ``opened``: a new preset or scenario is in force. ``saved``: the file on disk changed.
    """

    members: frozenset[str] | str = frozenset()
    old: Result | None = None
    rows: bool = False
    columns: bool = False
    order: bool = False
    chrome: bool = False
    mode: bool = False
    opened: bool = False
    saved: bool = False
    notices: tuple[Notice, ...] = ()

    @property
    def figures(self) -> bool:
        return self.old is not None

    @property
    def nothing(self) -> bool:
        return not (self.members or self.old or self.rows or self.columns or self.order
                    or self.chrome or self.mode or self.opened or self.saved)  # fmt: skip  # hand-wrapped: ruff's layout takes 9 more lines

    @property
    def notice(self) -> str | None:
        """The first notice's text (None when there is none)."""
        return self.notices[0].text if self.notices else None


def _note(text: str, severity: str = "information", **kw) -> tuple[Notice, ...]:
    return (Notice(text, severity, **kw),)


def plural(n: int, word: str = "change") -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


class ChangedOnDisk(CalcError):
    """The scenario file was changed by someone else since it was opened or saved: saving
    over it would lose their update (save with ``overwrite=True`` to replace it)."""

    title = "The file changed on disk"


@dataclass(frozen=True, slots=True)
class CompareSide:
    """The reference (A) the session (B) is compared with in compare mode."""

    kind: str
    """``base`` (the session's own preset, without the changes), ``preset`` or ``scenario``."""
    ref: str
    """How the CLI names it: a preset id or a scenario file path."""
    label: str
    """Short name for headers: ``nato-2024``, ``meeting.toml``, ``nato-2025 as published``."""
    result: Result | None = None
    """Its evaluation (None for ``base``: the session's :attr:`Session.base_result`)."""


@dataclass(frozen=True, slots=True)
class SaveDone:
    """What a save wrote: its own changes, how the file names its base, and a note."""

    changed: Changed
    own: tuple[Change, ...]
    base_ref: str
    note: str = ""


@dataclass
class Session:
    """The state of one what-if session (see the module's docstring)."""

    presets_dirs: list[str | Path] = field(default_factory=list)
    group: str = "nato"
    sort: tuple[str, bool] | None = None
    """(column key, descending) or None for the preset's order."""
    filter: str = ""
    """Text the rows are filtered by (code, name or alias)."""
    has_session: bool = False
    """False only while no preset could be opened at all."""
    currency: str = "usd"
    """The money shown: ``usd``, ``eur`` or ``national`` (see :attr:`shown`)."""

    def __post_init__(self) -> None:
        self.scenario_path: Path | None = None
        self.scenario_label: str | None = None
        self.scenario_description: str | None = None
        self.scenario_stamp: FileStamp | None = None
        """What :attr:`scenario_path` held when opened or last saved (lost-update check)."""
        self.saved_changes: tuple[Change, ...] = ()
        """The changes as last saved or opened: anything else is unsaved."""
        self.saved_year: int | None = None
        """The year of the base as the scenario file names it (opened or last saved)."""
        self.opened: Scenario | None = None
        """The scenario file the session was opened from (its stack and inputs), if any."""
        self.compare_side: CompareSide | None = None
        self.comparison: Comparison | None = None
        self._base_result: Result | None = None
        self._groups_cache: tuple | None = None
        self._shown: tuple | None = None
        """(result, currency, that result converted): :attr:`shown`, worked out once."""
        self._base_shown: tuple | None = None
        """The same for :attr:`base_shown`."""
        self._plans: Plans | None = None
        """The shipped plans file, read on the first :meth:`plans`."""
        self._command_history: list[str] = []
        """The commands run (as typed, the ones that worked): :attr:`command_history`."""
        self._preset_ids: list[str] | None = None
        """The ids of the presets found, found on the first command that needs them."""

    # -- starting -------------------------------------------------------------------------

    def start(
        self,
        base: Preset,
        changes: Sequence[Change] = (),
        path: Path | None = None,
        label: str | None = None,
        description: str | None = None,
        *,
        saved: bool = True,
        opened: Scenario | None = None,
    ) -> Changed:
        """Put ``base`` with ``changes`` in force (a new session: the history starts again)."""
        changes = tuple(changes)
        if changes:
            from ..engine.changes import apply_changes

            preset = apply_changes(base, changes)
        else:
            preset = base
        self.opened = opened
        self.scenario_stamp = None
        if opened is not None and path is not None:
            from ..files.tomlio import file_stamp

            self.scenario_stamp = file_stamp(path)
        self.history = History(base, initial=changes)
        self.scenario_path = path
        self.scenario_label = label
        self.scenario_description = description
        self.saved_changes = changes if saved else ()
        self.saved_year = base.year
        self.has_session = True
        self.preset = self._labelled(preset)
        self.result = evaluate(self.preset)
        self._base_result = None
        if self.result.group(self.group) is None and self.group not in self.group_ids():
            self.group = "nato"
        self._recompare()
        notices: tuple[Notice, ...] = ()
        if self.currency != "usd" and self._rates_problem(self.currency):
            notices = _note(f"Money back in US dollars: {base.id} gives no exchange rates.", "warning")
            self.currency = "usd"
        return Changed(ALL, rows=True, columns=True, chrome=True, opened=True, notices=notices)

    def _labelled(self, preset: Preset) -> Preset:
        label = self.scenario_label or (self.scenario_path.stem if self.scenario_path else None)
        return replace(preset, scenario=label) if preset.scenario != label else preset

    # -- what is in force -----------------------------------------------------------------

    @property
    def base(self) -> Preset:
        return self.history.base

    @property
    def base_result(self) -> Result:
        """The evaluation of the preset without any change (computed once per preset)."""
        if self._base_result is None or self._base_result.preset is not self.history.base:
            self._base_result = evaluate(self.history.base)
        return self._base_result

    @property
    def changes(self) -> tuple[Change, ...]:
        return self.history.changes

    @property
    def dirty(self) -> bool:
        """True when the changes in force differ from those last saved or opened, or the
        scenario's base is shown for another year than its file names."""
        if self.history.changes != self.saved_changes:
            return True
        return self.scenario_path is not None and self.history.base.year != self.saved_year

    @property
    def comparing(self) -> bool:
        return self.compare_side is not None

    def scenario_name(self) -> str | None:
        """The scenario's label, else its file name (None without a scenario)."""
        return self.scenario_label or (self.scenario_path.name if self.scenario_path else None)

    def session_label(self) -> str:
        """How headers name the session (B): the scenario, the what-if or the preset."""
        if self.scenario_path is not None:
            name = self.scenario_label or self.scenario_path.name
            return name + (" + changes" if self.dirty else "")
        n = len(self.history.changes)
        base = self.year_ref(self.history.base.id)  # nato-2026@2025 for another year than the newest
        return f"{base} + {plural(n)}" if n else base

    # -- changing the figures ---------------------------------------------------------------

    def commit(self, *changes: Change) -> Changed:
        """Apply ``changes`` as one undoable step. A :class:`~calc.errors.ChangeError` is
        raised with nothing changed when they do not apply."""
        from ..engine.changes import apply_changes

        preset = apply_changes(self.preset, changes, original=self.history.base)
        self.history = self.history.push(*changes)
        return self._show(preset)

    def undo(self) -> Changed:
        step = self.history.undo_step
        if step is None:
            return Changed(notices=_note("Nothing to undo.", "warning"))
        self.history = self.history.undo()
        return self._show(self.history.preset(), f"Undid: {step.describe()}")

    def redo(self) -> Changed:
        step = self.history.redo_step
        if step is None:
            return Changed(notices=_note("Nothing to redo.", "warning"))
        self.history = self.history.redo()
        return self._show(self.history.preset(), f"Redid: {step.describe()}")

    def reset_all(self) -> Changed:
        n = len(self.history.changes)
        if not n:
            return Changed(notices=_note("Nothing to reset: the figures are the preset's.", "warning"))
        self.history = self.history.clear()
        return self._show(self.history.preset(), f"Reset {plural(n)} (ctrl+z brings them back).")

    def reset_member(self, code: str) -> Changed:
        """Bring ``code`` back to the preset's figures (one undoable step)."""
        from ..engine.changes import Change

        if self.preset.member(code) == self.base.member(code):
            return Changed(notices=_note(f"{code} already has the preset's figures.", "warning"))
        changed = self.commit(Change("reset", member=code))
        return replace(changed, notices=_note(f"Reset {code} to the preset's figures (ctrl+z undoes)."))

    def toggle_exclude(self, code: str) -> Changed:
        """Exclude ``code`` from the aggregates, or include it again."""
        from ..engine.changes import Change

        m = self.preset.member(code)
        if m is None:
            return Changed(notices=_note(f"{code} is not in your session (only in A).", "warning"))
        op = "include" if not m.included else "exclude"
        changed = self.commit(Change(op, member=code))
        verb = "Excluded" if op == "exclude" else "Included"
        again = " (x again includes it)" if op == "exclude" else ""
        return replace(changed, notices=_note(f"{verb} {m.name} ({code}){again}"))

    def toggle_ukraine(self) -> Changed:
        """Count each ally's military aid to Ukraine toward its core spending, or stop (one
        undoable step, :func:`calc.engine.changes.count_ukraine`). The notice gives the shown
        group's gap to the core target without and with the aid, in the money shown (or says
        why counting adds nothing: no full-year aid figure for the year)."""
        from ..engine.changes import count_ukraine
        from ..output.currency import aid_notice
        from ..output.fmt import pct_short
        from .money import amount

        on = not self.preset.counts_ukraine_aid
        before = self.shown.group(self.group)
        changed = self.commit(count_ukraine(on))
        after = self.shown.group(self.group)
        text = "Ukraine aid counted toward core spending" if on else "Ukraine aid no longer counted"
        nothing = aid_notice(self.preset)
        if nothing is not None:
            text = nothing
        elif before is not None and after is not None:
            shown = self.shown
            without, with_ = (before, after) if on else (after, before)
            text += (
                f": {self.group_name()}'s gap to {pct_short(shown.targets.core)} core "
                f"{amount(shown, without.gap_core)} without the aid, {amount(shown, with_.gap_core)} with it"
            )
        return replace(changed, notices=_note(f"{text} (U again switches back; ctrl+z undoes)"))

    def _show(self, preset: Preset, notice: str | None = None) -> Changed:
        old = self.result
        self.preset = self._labelled(preset)
        self.result = reevaluate(old, self.preset)
        self._recompare()
        if old.targets != self.result.targets or old.preset.codes != self.result.preset.codes:
            members: frozenset[str] | str = ALL
        else:
            members = frozenset(n.code for n, o in zip(self.result.members, old.members) if n is not o)
        columns = members == ALL
        return Changed(
            members, old, rows=columns, columns=columns, chrome=True, notices=_note(notice) if notice else ()
        )

    # -- the rows shown ---------------------------------------------------------------------

    def view_members(self, result: Result | None = None) -> list[MemberResult]:
        """Members of the selected group that pass the filter, in display order."""
        result = result or self.result
        codes = set(self.group_codes())
        shown = [r for r in result.members if r.code in codes and matches(r, self.filter)]
        return ordered(shown, self.sort)

    def shown_members(self) -> list[MemberResult]:
        """:meth:`view_members` in the currency shown (their order is the USD result's)."""
        rows = self.view_members()
        shown = self.shown
        if shown is self.result:
            return rows
        by_code = {r.code: r for r in shown.members}
        return [by_code[r.code] for r in rows]

    def compare_rows(self) -> list[MemberComparison]:
        """Compare mode: the member comparisons of the selected group (on either side) that
        pass the filter, in display order."""
        cmp = self.comparison
        assert cmp is not None
        codes = set(self.group_codes())
        g = cmp.group(self.group)
        if g is not None and g.a is not None:
            codes |= set(g.a.codes)
        needle = self.filter
        rows = [m for m in cmp.members if m.code in codes and member_matches(needle, m.code, m.name)]
        return compare_ordered(rows, self.sort)

    def set_filter(self, text: str) -> Changed:
        if text == self.filter:
            return Changed()
        self.filter = text
        return Changed(rows=True, chrome=True)

    def set_sort(self, sort: tuple[str, bool] | None) -> Changed:
        self.sort = sort
        return Changed(order=True, chrome=True)

    def cycle_sort(self, key: str) -> Changed:
        """Sort by ``key``: first its natural direction, then reversed, then preset order."""
        natural = default_descending(key)
        cur = self.sort
        if cur is None or cur[0] != key:
            return self.set_sort((key, natural))
        if cur[1] == natural:
            return self.set_sort((key, not natural))
        return self.set_sort(None)

    def report_sort(self) -> tuple[str, bool] | None:
        """The table's sort as :mod:`calc.output.report` understands it (None for "meets")."""
        from ..output.report import SORT_COLUMNS

        if self.sort is not None and self.sort[0] in SORT_COLUMNS:
            return self.sort
        return None

    def report_group(self) -> str | None:
        return self.group if self.result.group(self.group) is not None else None

    # -- years ------------------------------------------------------------------------------

    def years(self) -> tuple[int, ...]:
        """The years the base preset holds (a single-year preset: its own)."""
        base = self.history.base
        return base.years or (base.year,)

    def year_ref(self, ref: str) -> str:
        """``ref`` (how a file or command names the base) for the year shown: ``nato-2026@2025``
        when it is not the release's newest year, else ``ref`` itself."""
        base = self.history.base
        if base.years and base.year != max(base.years):
            return f"{ref}@{base.year}"
        return ref

    def step_year(self, step: int) -> Changed:
        """The previous (``-1``) or next (``+1``) year of the release, the what-if kept."""
        years = self.years()
        year = self.history.base.year
        i = years.index(year) if year in years else len(years) - 1
        j = i + step
        base = self.history.base
        if len(years) == 1:
            return Changed(
                notices=_note(
                    f"{base.id} holds one year ({year}); a release such as nato-2026 holds 2014–2026 (p switches preset).",
                    "warning",
                )
            )
        if not 0 <= j < len(years):
            edge = "first" if j < 0 else "newest"
            return Changed(
                notices=_note(f"{year} is the {edge} year of {base.id} ({years[0]}–{years[-1]}).", "warning")
            )
        return self.set_year(years[j])

    def set_year(self, year: int) -> Changed:
        """Show ``year`` of the release, with the changes in force applied to that year's
        figures (a share typed as 3 % is 3 % of that year's GDP; an amount stays the amount; an
        exclusion and the targets stay). The undo history is kept. Raises
        :class:`~calc.errors.CalcError` with nothing changed when the preset does not hold the
        year or a change does not apply to it."""
        from ..errors import ChangeError
        from ..files.presets import preset_for_year

        base = self.history.base
        if year == base.year:
            return Changed()
        new_base = preset_for_year(base, year)
        changes = self.history.changes
        preset = new_base
        if changes:
            from ..engine.changes import apply_changes

            try:
                preset = apply_changes(new_base, changes)
            except ChangeError as e:
                raise ChangeError(
                    f"your changes do not all apply to {year}: {e.detail or e.msg}; nothing changed "
                    "(undo or reset that change first)"
                ) from None
        old = self.result
        self.history = replace(self.history, base=new_base)
        self.preset = self._labelled(preset)
        self.result = evaluate(self.preset)
        self._base_result = None
        self._recompare()
        release = new_base.label.rpartition(": ")[0] or new_base.label
        text = f"Showing {year}" + (", estimates" if self._estimates() else "") + f" ({release})"
        if changes:
            text += (
                f" · your {plural(len(changes))} applied to {year}'s figures (shares as shares of its GDP)"
            )
        if self.currency == "eur" and not self.comparing and new_base.eur_rate is not None:
            from ..output.currency import rate_text

            text += f" · EUR {rate_text(new_base.eur_rate)} per USD in {year}"
        if self.comparing:
            text += " · compare mode: B is now this year" + (
                ", A its preset as published"
                if self.compare_side and self.compare_side.kind == "base"
                else ""
            )
        # the columns stay (the table measures its cells again; a resize chooses them anew), and
        # the session bar names the year: a notice only when there is more to say
        notices = _note(text) if changes or self.comparing or self.currency == "eur" else ()
        return Changed(ALL, old, rows=True, chrome=True, notices=notices)

    def _estimates(self) -> bool:
        """True when the year shown holds estimates (NATO's 2025 and 2026, for instance)."""
        return any(m.core.status == "estimate" for m in self.history.base.members if m.core is not None)

    def year_status(self) -> str:
        """What the session bar says of the year: ``2026 estimates``, ``2019`` (empty for a
        single-year preset, whose label says it all)."""
        base = self.history.base
        if not base.years:
            return ""
        return f"{base.year} estimates" if self._estimates() else str(base.year)

    # -- provenance ------------------------------------------------------------------------------

    def sources_lines(self, width: int = 78) -> list[str]:
        """The release block and the sources of the preset in force (the what-if named), as
        ``nato-calc sources`` prints them."""
        from ..output.provenance import text_lines

        return text_lines(self.preset, width)

    def edition_notice(self) -> str | None:
        """``NATO's 2027 edition was expected by July 2027; nato-2026 is the newest shipped.``
        when the newest release at hand is overdue (offline: the presets found, today's date)."""
        from ..files.presets import find_presets, load_preset
        from ..output.provenance import edition_notice

        shipped: list[Preset] = []
        others: list[Preset] = []
        try:
            refs = find_presets(self.presets_dirs)
        except CalcError:
            refs = []
        for ref in refs:
            try:
                p = load_preset(ref.path, shipped=ref.shipped)
            except CalcError:
                continue
            (shipped if ref.shipped else others).append(p)
        return edition_notice(shipped, others)

    # -- history ------------------------------------------------------------------------------

    def series(self, code: str | None = None) -> TimeSeries:
        """NATO's published series of ally ``code`` (None: the selected group, NATO when it
        has no included ally) over every year of the release: the history view's model (see
        :mod:`calc.engine.timeline`). The published figures: the what-if changes the year shown
        only (:meth:`what_if_point`). Its money is in the currency shown (as ``nato-calc history
        --currency``: each year at its own rate; a group stays in US dollars in ``national``).
        Raises :class:`~calc.errors.HistoryError` for a preset without a time axis or an ally
        the release gives no figures for."""
        from ..engine.timeline import convert, group_history, member_history

        base = self.history.base
        if code is not None:
            series = member_history(base, code)
        else:
            series = group_history(base, self.group if self.group in self.group_ids() else "nato")
        return convert(series, "usd" if self.comparing else self.currency)

    # -- national plans -------------------------------------------------------------------------

    def plans(
        self,
        code: str | None = None,
        *,
        group: str | None = None,
        growth: Decimal | None = None,
        shape: str = "linear",
    ) -> PlansComparison:
        """The declared national plans of ally ``code`` (None: every ally of ``group``, by
        default the selected one) against the path the targets need from the figures in
        force (the what-if included), with the path view's planner and growth: the plans
        view's model and the path view's overlay (:mod:`calc.engine.plans`). The shipped
        plans file is read on first use. Raises :class:`~calc.errors.CalcError` (a bad plans
        file, an unknown ally or group)."""
        from ..engine.plans import plans_for

        plans = self._plans
        if plans is None:
            from ..files.plans import load_plans

            plans = self._plans = load_plans()
        if code is not None:
            return plans_for(self.preset, plans, member=code, growth=growth, shape=shape, result=self.result)
        gid = group or self.group
        if self.result.group(gid) is None:
            gid = "nato"
        return plans_for(self.preset, plans, group=gid, growth=growth, shape=shape, result=self.result)

    def what_if_point(self, code: str | None = None) -> Decimal | None:
        """The core share of ally ``code`` (None: the selected group) in the year shown when
        the what-if makes it differ from the published one; None otherwise."""
        if code is not None:
            m, b = self.result.member(code), self.base_result.member(code)
            now = m.core_share if m is not None else None
            was = b.core_share if b is not None else None
        else:
            g, h = self.result.group(self.group), self.base_result.group(self.group)
            now = g.core_share if g is not None else None
            was = h.core_share if h is not None else None
        return None if now is None or was is None or now == was else now

    # -- currency ----------------------------------------------------------------------------

    @property
    def shown(self) -> Result:
        """:attr:`result` with its money in :attr:`currency` (converted, never evaluated again:
        shares, meets-flags and the order are the USD result's). Compare mode shows US dollars."""
        return self._converted("_shown", self.result, "usd" if self.comparing else self.currency)

    @property
    def base_shown(self) -> Result:
        """:attr:`base_result` in the money :attr:`shown` is in (the aggregates' "was" in euros
        when the figures are)."""
        return self._converted("_base_shown", self.base_result, self.shown.currency)

    def _converted(self, slot: str, result: Result, currency: str) -> Result:
        """``result`` in ``currency``, converted once per result and currency (kept in ``slot``)."""
        cached = getattr(self, slot)
        if cached is not None and cached[0] is result and cached[1] == currency:
            return cached[2]
        shown = result
        if currency != "usd":
            from ..engine.currency import convert

            shown = convert(result, currency)
        setattr(self, slot, (result, currency, shown))
        return shown

    def _rates_problem(self, currency: str) -> str | None:
        from ..engine.currency import rates_problem

        return rates_problem(self.preset, currency)

    def set_currency(self, currency: str) -> Changed:
        """Show money in ``currency`` (``usd``, ``eur``, ``national``); nothing is evaluated again.
        A preset without rates, or compare mode (which shows US dollars), refuses with a notice."""
        from ..engine.currency import check

        currency = check(currency)
        if currency == self.currency:
            return Changed()
        if self.comparing and currency != "usd":
            return Changed(
                notices=_note("Compare mode shows US dollars: leave it (esc) to switch currency.", "warning")
            )
        problem = self._rates_problem(currency)
        if problem is not None:
            return Changed(
                notices=_note(
                    f"{self.preset.id} gives no exchange rates: money stays in US dollars (nato-2026 has them; p switches preset).",
                    "warning",
                )
            )
        self.currency = currency
        return Changed(ALL, rows=True, columns=True, chrome=True, notices=_note(self.currency_text()))

    def cycle_currency(self) -> Changed:
        """US dollars → euros → each ally's own currency → US dollars."""
        from .money import ORDER

        return self.set_currency(ORDER[(ORDER.index(self.currency) + 1) % len(ORDER)])

    def currency_text(self) -> str:
        """What the money on screen is in, for the status line."""
        if self.currency == "eur":
            from ..output.currency import rate_text

            rate = self.preset.eur_rate
            return (
                f"Money in euros: EUR {rate_text(rate)} per USD in {self.preset.year}, from NATO's "  # type: ignore[arg-type]
                "own tables (the same rate for every ally) · shares unchanged"
            )
        if self.currency == "national":
            return (
                "Money in each ally's own currency (its rate from NATO's tables); the groups "
                "stay in US dollars · shares unchanged"
            )
        return "Money in US dollars at current prices."

    # -- the alliance at a glance ----------------------------------------------------------

    def share_chart(
        self, highlight: str | None = None, *, descending: bool = True, measure: str = "core"
    ) -> ShareChart:
        """The chart view: every ally of the selected group as a bar of its core share (or its
        equipment share of core spending; see :func:`calc.tui.glance.share_chart`)."""
        from .glance import share_chart

        return share_chart(
            self.result,
            self.group,
            self.group_codes(),
            highlight,
            descending=descending,
            group_name=self.group_name(),
            measure=measure,
        )

    def burden(self, highlight: str | None = None, *, sort: str = "gdp") -> Burden:
        """The burden-sharing view: each ally's part of the group's GDP and core spending, and
        the US against Europe & Canada (see :func:`calc.tui.glance.burden`)."""
        from .glance import burden

        return burden(
            self.result, self.group, self.group_codes(), highlight, sort=sort, group_name=self.group_name()
        )

    # -- groups -------------------------------------------------------------------------------

    def _group_table(self) -> tuple[list[tuple[str, str]], dict[str, tuple[str, ...]]]:
        """(id, name) of the groups with a member, and every group's members (including
        excluded ones), for the preset in force: worked out once per preset, as the screen
        asks for them several times per edit."""
        preset = self.preset
        cached = self._groups_cache
        if cached is not None and cached[0] is preset:
            return cached[1], cached[2]
        codes = preset.codes
        user = dict(preset.groups)
        members: dict[str, tuple[str, ...]] = {}
        choices = []
        for gid, name, _ in group_definitions(preset):
            try:
                group = builtin_group_codes(gid, codes)
            except KeyError:
                group = user.get(gid, ())
            members[gid] = group
            if group:
                choices.append((gid, name))
        self._groups_cache = (preset, choices, members)
        return choices, members

    def group_choices(self) -> list[tuple[str, str]]:
        """(id, name) of the groups with at least one member in the preset."""
        return list(self._group_table()[0])

    def group_ids(self) -> list[str]:
        return [gid for gid, _ in self._group_table()[0]]

    def group_name(self, gid: str | None = None) -> str:
        gid = gid or self.group
        for g, name in self._group_table()[0]:
            if g == gid:
                return name
        return gid

    def group_codes(self, gid: str | None = None) -> tuple[str, ...]:
        """Members of a group in preset order, *including* excluded members (so the table can
        still show them and ``x`` can include them again)."""
        gid = gid or self.group
        found = self._group_table()[1].get(gid)
        if found is not None:
            return found
        try:
            return builtin_group_codes(gid, self.preset.codes)
        except KeyError:
            return dict(self.preset.groups).get(gid, ())

    def group_size_all(self, gid: str | None = None) -> int:
        """How many members a group has in the year shown, excluded ones too (the session bar's
        "of N", the clipboard summary's): :meth:`group_codes` less the members not yet allies
        then, as the group's own ``size`` leaves them out."""
        codes = self.group_codes(gid)
        later = {m.code for m in self.preset.members if not m.ally}
        return len(codes) - len(later.intersection(codes)) if later else len(codes)

    def set_group(self, gid: str) -> Changed:
        if gid not in self.group_ids():
            return Changed(notices=_note(f"No group '{gid}' in this preset.", "error"))
        self.group = gid
        return Changed(rows=True, chrome=True)

    def cycle_group(self, step: int = 1) -> Changed:
        ids = self.group_ids()
        if not ids:
            return Changed()
        i = ids.index(self.group) if self.group in ids else -1
        return self.set_group(ids[(i + step) % len(ids)])

    # -- compare mode ---------------------------------------------------------------------------

    def _recompare(self) -> None:
        side = self.compare_side
        if side is None:
            self.comparison = None
            return
        from ..output.compare import compare, recompare

        a = side.result if side.result is not None else self.base_result
        previous = self.comparison
        if previous is not None and previous.a is a and previous.a_ref == side.ref:
            self.comparison = recompare(previous, self.result, b_ref=self.session_label())
        else:
            self.comparison = compare(a, self.result, a_ref=side.ref, b_ref=self.session_label())

    def compare_side_for(self, kind: str, ref: str) -> CompareSide:
        """The reference named by a picker choice (``base``, ``preset`` or ``scenario``);
        raises :class:`~calc.errors.CalcError` when it cannot be loaded."""
        if kind == "base":
            base = self.history.base
            return CompareSide("base", base.id, f"{base.id} as published")
        if kind == "preset":
            from ..files.presets import load_by_id

            preset = load_by_id(ref, self.presets_dirs)
            label = ref
        else:
            from ..files.scenario_file import load_scenario

            path = Path(ref)
            preset = load_scenario(path, self.presets_dirs).apply()
            label = path.name
        return CompareSide(kind, ref, label, evaluate(preset))

    def compare_with(self, side: CompareSide | None) -> Changed:
        """Enter compare mode against ``side`` (None leaves it). The sort is dropped: the
        table's sort columns differ between the modes."""
        self.compare_side = side
        self._recompare()
        self.sort = None
        notices: tuple[Notice, ...] = ()
        if side is not None:
            what = "its preset as published" if side.kind == "base" else side.label
            usd = "" if self.currency == "usd" else " · in US dollars"
            notices = _note(f"Comparing with {what} (A) · your session is B{usd} · esc or c to leave")
        return Changed(ALL, rows=True, columns=True, order=True, chrome=True, mode=True, notices=notices)

    def stop_compare(self) -> Changed:
        if self.compare_side is None:
            return Changed()
        changed = self.compare_with(None)
        return replace(changed, notices=_note("Left compare mode."))

    # -- opening --------------------------------------------------------------------------------

    def open_preset(self, preset_id: str, keep_changes: bool = False) -> Changed:
        """Switch to another preset (optionally re-applying the changes in force); raises
        :class:`~calc.errors.CalcError` (nothing changed) when it cannot be loaded or the
        changes do not fit it."""
        from ..files.presets import load_by_id

        base = load_by_id(preset_id, self.presets_dirs)
        changes = self.history.changes if keep_changes else ()
        if changes:
            from ..engine.changes import apply_changes

            apply_changes(base, changes)  # raises ChangeError when they do not fit
        changed = self.start(base, changes, saved=not changes)
        n = len(changes)
        text = f"Opened {base.id}: {base.label}" + (f", with your {plural(n)}" if n else "")
        return replace(changed, notices=_note(text) + changed.notices)

    def open_scenario(self, path: Path) -> Changed:
        """Open the scenario file at ``path``; raises :class:`~calc.errors.CalcError`
        (nothing changed) when it cannot be read."""
        from ..files.scenario_file import load_scenario

        s = load_scenario(path, self.presets_dirs)
        changed = self.start(s.base, s.changes, path, s.label, s.description, opened=s)
        notices = _note(f"Opened scenario {path.name}: {plural(len(s.changes))} on {s.base.id}")
        return replace(changed, notices=notices + base_changed_notices(s) + changed.notices)

    def restore(self, s: Scenario) -> Changed:
        """Put a kept (recovered) what-if in force, unsaved."""
        changed = self.start(s.base, s.changes, None, s.label, s.description, saved=False)
        what = f"{plural(len(s.changes))} on {s.base.id}"
        if s.label:
            what += f", {s.label!r}"
        return replace(
            changed,
            notices=_note(f"Restored the unsaved what-if ({what}): ctrl+s saves it.") + changed.notices,
        )

    # -- saving -----------------------------------------------------------------------------------

    def base_ref_for(self, scenario_path: Path) -> str:
        """How a scenario file at ``scenario_path`` names its base preset: the id for presets
        shipped with nato-calc, otherwise the preset file's path relative to the scenario."""
        from ..files.presets import resolve_preset

        base = self.history.base
        if base.path is None:
            return base.id
        try:
            ref = resolve_preset(base.id, self.presets_dirs)
        except CalcError:
            ref = None
        if ref is not None and ref.shipped and same_file(ref.path, Path(base.path)):
            return self.year_ref(base.id)
        return relative_ref(Path(base.path), scenario_path)

    def year_problem(self, scenario_path: Path) -> str | None:
        """Why a scenario file at ``scenario_path`` cannot name the year shown (None: it can).
        A file names a preset's year as ``ID@YEAR``; a preset that is not shipped with
        nato-calc is named by its path, which has no year."""
        base = self.history.base
        if not base.years or base.year == max(base.years):
            return None  # the newest year (or a single-year preset): the plain name gives it
        if "@" in self.scenario_parts(scenario_path)[0]:
            return None
        return (
            f"{display(scenario_path)}: the scenario would name its base ({base.id}) by a file, "
            f"which gives its newest year ({max(base.years)}), not {base.year}; step to "
            f"{max(base.years)} (]) to save, or export the table (ctrl+e)"
        )

    def scenario_parts(self, path: Path) -> tuple[str, tuple[Change, ...], str]:
        """What a scenario file at ``path`` holds: its ``base``, its own changes, and a note
        for the user ("" normally).

        A stacked scenario keeps its stack: when the session was opened from a scenario on
        another scenario and the inherited changes are still in force as a prefix, the file
        names the same base (relative to ``path``) and holds only the changes after it."""
        changes = self.history.changes
        s = self.opened
        if s is not None and s.base_changes and s.base_file and self.history.base is s.base:
            k = len(s.base_changes)
            if changes[:k] == s.base_changes:
                return relative_ref(Path(s.base_file), path), changes[k:], ""
            return (
                self.base_ref_for(path),
                changes,
                (
                    f" on {self.history.base.id} (the changes of {display(Path(s.base_file))} "
                    "are no longer all in force, so the file holds them all)"
                ),
            )
        return self.base_ref_for(path), changes, ""

    def session_inputs(self) -> list[tuple[Path, str]]:
        """Every file this session read, with what it is: the scenario file opened, the
        scenarios it stacks on, the preset file."""
        out: list[tuple[Path, str]] = []
        if self.scenario_path is not None:
            out.append((self.scenario_path, "the scenario file of this session"))
        if self.opened is not None:
            for f in self.opened.inputs[1:]:
                out.append((Path(f), "a file this scenario stacks on"))
        if self.has_session and self.history.base.path:
            out.append((Path(self.history.base.path), "the preset this session is based on"))
        return out

    def overwrite_problem(self, path: Path, *, saving: bool = False) -> str | None:
        """Why ``path`` must not be written, or None. Nothing the session read is replaced
        (an export or a scenario save over the preset would destroy its data); saving the
        scenario in place over its own file is the one exception. A preset shipped with
        nato-calc is never a save's target either."""
        own = self.scenario_path if saving else None
        for item, what in self.session_inputs():
            if own is not None and same_file(item, own):
                continue
            if same_file(item, path):
                verb = "save the scenario" if saving else "export"
                return f"{display(path)}: that is {what}; {verb} under another name"
        from ..files.presets import shipped_dir

        try:
            shipped = path.resolve().parent == shipped_dir().resolve()
        except (OSError, ValueError, RuntimeError):
            shipped = False
        if shipped:
            return f"{display(path)}: that is the folder of the presets shipped with nato-calc; choose another folder"
        return None

    def changed_on_disk(self) -> bool:
        """True when the scenario file was changed by someone else (another session, an
        editor) since this session opened or last saved it."""
        from ..files.tomlio import changed_on_disk

        return self.scenario_path is not None and changed_on_disk(self.scenario_path, self.scenario_stamp)

    def would_lose_update(self, path: Path) -> bool:
        """True when saving to ``path`` would replace someone else's version of the file."""
        return (
            self.scenario_path is not None and same_file(path, self.scenario_path) and self.changed_on_disk()
        )

    def save(
        self, path: Path, label: str | None = None, description: str | None = None, *, overwrite: bool = False
    ) -> Changed:
        """Save the what-if as a scenario file at ``path`` (atomically).

        Raises :class:`~calc.errors.OutputError` when ``path`` is a file the session read (or
        the shipped presets' folder), :class:`ChangedOnDisk` when it is the session's own
        file and someone changed it since (unless ``overwrite``), and the write's error."""
        from ..files.scenario_file import save_scenario
        from ..files.tomlio import file_stamp

        problem = self.overwrite_problem(path, saving=True)
        if problem is not None:
            raise OutputError(problem)
        if not overwrite and self.would_lose_update(path):
            raise ChangedOnDisk(
                f"{display(path)} was changed by someone else (another session or an editor) "
                "since you opened or saved it"
            )
        changes = self.history.changes
        problem = self.year_problem(path)
        if problem is not None:
            raise OutputError(problem)
        try:
            base_ref, own, note = self.scenario_parts(path)
            save_scenario(path, base_ref, own, label, description, base=self.history.base)
        except OSError as e:  # e.g. the working folder deleted under a relative path
            raise OutputError(f"{display(path)}: {e.strerror or e}") from None
        if note:  # flattened: the new file stacks on the root preset only
            self.opened = None
        elif self.opened is not None:
            self.opened = replace(self.opened, path=str(path), inputs=(str(path), *self.opened.inputs[1:]))
        self.scenario_path = path
        self.scenario_stamp = file_stamp(path)
        changed = self.mark_saved(changes, label, description)
        what = plural(len(own))
        if len(own) != len(changes):
            what += f" on {base_ref}"
        return replace(changed, notices=_note(f"Saved {what} to {display(path)}{note}"))

    def mark_saved(self, changes: tuple[Change, ...], label: str | None, description: str | None) -> Changed:
        """``changes`` are on disk now, under ``label`` and ``description``."""
        self.saved_changes = changes
        self.saved_year = self.history.base.year
        self.scenario_label, self.scenario_description = label, description
        self.preset = self._labelled(self.preset)
        self.result = replace(self.result, preset=self.preset)
        return Changed(chrome=True, saved=True)

    def download_text(self, path: Path, label: str | None, description: str | None) -> tuple[str, str, str]:
        """A browser download of the scenario named ``path.name``: (text, what it holds, note). It
        names its base by id (the server's files mean nothing on the person's machine), so a
        stack is saved flat."""
        from ..files.scenario_file import scenario_text

        base, changes = self.history.base, self.history.changes
        text = scenario_text(path.name, self.year_ref(base.id), changes, label, description, base=base)
        what = f"{plural(len(changes))} on {base.id}"
        note = ""
        if self.base_ref_for(path) != self.year_ref(base.id):
            note = (
                f"; {base.id} is not a preset shipped with nato-calc, so open the file where "
                f"{base.id} is found (e.g. with --presets-dir)"
            )
        return text, what, note

    # -- output -----------------------------------------------------------------------------------

    def render_report(self, fmt: str) -> str | bytes:
        """The current view (group and sort) rendered by :mod:`calc.output.report`: the same output
        as ``nato-calc report --group G --sort S --format FMT`` (bytes for ``xlsx``); in
        compare mode what ``nato-calc compare A B`` prints."""
        if self.comparison is not None:
            from ..output.compare import render as render_compare
            from ..output.compare import select_comparison

            group = self.group if self.comparison.group(self.group) is not None else None
            return render_compare(select_comparison(self.comparison, group), fmt)
        from ..output.report import render

        return render(self.shown, fmt, self.report_group(), self.report_sort())

    def export_description(self) -> tuple[str, str]:
        """What an export holds, for its dialog, and the file name's stem."""
        stem = self.scenario_path.stem if self.scenario_path else self.history.base.id
        g = self.result.group(self.group)
        what = f"Exports {self.group_name()} ({len(g.codes) if g else 0} included members"
        sort = self.report_sort()
        what += f", sorted by {sort[0]}{'' if sort[1] else ' ascending'})" if sort else ")"
        what += ", with the aggregates of the group"
        if self.compare_side is not None:
            what = (
                f"Exports the comparison of {self.group_name()}: A {self.compare_side.label}, "
                f"B {self.session_label()} (as nato-calc compare prints it)"
            )
            stem = f"compare-{self.compare_side.label.replace(' ', '-')}"
        if self.filter:
            what += "; the filter is not applied"
        return what + ".", f"{stem}-{self.group}"

    def summary(self) -> str:
        """The clipboard summary of what is on screen (see :mod:`calc.tui.summary`)."""
        from .summary import edited_codes, summary_text

        changes = self.history.changes
        text = summary_text(  # in the money shown (the shares are the same in every currency)
            self.shown, changes, self.group if self.result.group(self.group) else "nato",
            scenario=self.scenario_name(), unsaved=self.dirty, group_size=self.group_size_all(),
            edited=edited_codes(self.result, changes),
        )  # fmt: skip  # hand-wrapped: ruff's layout takes 4 more lines
        if self.compare_side is not None:
            text = (
                f"(compare mode: these are your session's figures, B; A is {self.compare_side.label}"
                ": ctrl+e exports the comparison)\n" + text
            )
        return text

    def cli_source(self) -> Source:
        """Where the session's figures come from, as the command line names it (see
        :mod:`calc.tui.reproduce`)."""
        from ..files.presets import resolve_preset
        from .reproduce import Source

        base = self.history.base
        shipped = False
        if base.path is not None:
            try:
                ref = resolve_preset(base.id, ())
            except CalcError:
                ref = None
            shipped = ref is not None and ref.shipped and same_file(ref.path, Path(base.path))
        # a scenario file gives its own year: another year shown is spelled from the preset
        scenario = self.scenario_path if base.year == self.saved_year else None
        return Source(
            base,
            shipped,
            scenario,
            tuple(self.saved_changes) if scenario else (),
            tuple(str(d) for d in self.presets_dirs),
        )

    # -- the command bar (calc.tui.session_commands, loaded on the first command) -----------

    @property
    def command_history(self) -> list[str]:
        """The commands run in this session (as typed, the ones that worked), oldest first."""
        from .session_commands import command_history

        return command_history(self)

    def preset_ids(self) -> list[str]:
        from .session_commands import preset_ids

        return preset_ids(self)

    def parse_command(self, text: str) -> Command:
        from .session_commands import parse_command

        return parse_command(self, text)

    def complete_command(self, text: str) -> list[str]:
        from .session_commands import complete_command

        return complete_command(self, text)

    def preview_command(self, text: str) -> tuple[bool, str]:
        from .session_commands import preview_command

        return preview_command(self, text)

    def run_command(self, text: str, *, force: bool = False) -> CommandRun:
        """One command of the grammar, one undoable step: :func:`calc.tui.session_commands.run_command`."""
        from .session_commands import run_command

        return run_command(self, text, force=force)

    def command_script(self) -> str:
        from .session_commands import command_script

        return command_script(self)

    def export_commands(self, path: Path) -> Changed:
        from .session_commands import export_commands

        return export_commands(self, path)


def base_changed_notices(s: Scenario | None) -> tuple[Notice, ...]:
    """What changed in a scenario's base preset since it was saved (not an error)."""
    if s is not None and s.notices:
        return _note("\n".join(s.notices), "warning", title="The base preset has changed", timeout=20)
    return ()


def same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except (OSError, ValueError):
        return False


def relative_ref(target: Path, scenario_path: Path) -> str:
    """How a scenario file at ``scenario_path`` names the file ``target`` it is based on:
    relative to the scenario's folder (POSIX slashes)."""
    target = target.resolve()
    try:
        rel = os.path.relpath(target, scenario_path.resolve().parent)
    except ValueError:  # another drive (Windows)
        return target.as_posix()
    return Path(rel).as_posix()


def display(path: Path) -> str:
    from ..files.tomlio import display_path

    return display_path(path)
