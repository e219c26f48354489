"""Shared benchmark machinery: the registry, outcomes, timing helpers, synthetic presets."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path

REGISTRY: dict[str, Callable[..., Iterable[Outcome]]] = {}


def benchmark(name: str):
    """Register a benchmark group: a function ``(quick: bool) -> iterable of Outcome``."""

    def deco(fn):
        REGISTRY[name] = fn
        return fn

    return deco


@dataclass
class Outcome:
    name: str
    measured: str
    goal: str
    ok: bool
    data: dict = field(default_factory=dict)
    """Raw figures (seconds, ratios, sample counts) for the JSON output."""

    def as_dict(self) -> dict:
        return asdict(self)


def bin_path(script: str) -> str:
    """A console script of the running virtual environment (e.g. ``nato-calc``)."""
    p = Path(sys.executable).parent / script
    if not p.exists():
        raise SystemExit(f"{p} not found: install nato-calc in this environment first")
    return str(p)


def wall(cmd: Sequence[str], env: dict | None = None) -> float:
    """Wall time of one run of ``cmd`` (stdout/stderr discarded); fails loudly if it fails."""
    t = time.perf_counter()
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, check=False)
    dt = time.perf_counter() - t
    if r.returncode != 0:
        raise SystemExit(f"benchmark command failed ({r.returncode}): {' '.join(cmd)}\n{r.stderr.decode()}")
    return dt


def alternate(a: Callable[[], float], b: Callable[[], float], n: int) -> tuple[list[float], list[float]]:
    """Run ``a`` and ``b`` alternately ``n`` times each (after one warm-up of each)."""
    a()
    b()
    xs, ys = [], []
    for _ in range(n):
        xs.append(a())
        ys.append(b())
    return xs, ys


def median(xs: Sequence[float]) -> float:
    return statistics.median(xs)


def percentile(xs: Sequence[float], p: float) -> float:
    s = sorted(xs)
    k = max(0, min(len(s) - 1, round(p / 100 * (len(s) - 1))))
    return s[k]


def bench_env(cache_dir: str) -> dict:
    """The environment of measured processes: a preset cache, config and state folders of
    their own (no ``NATO_CALC_*`` setting), and bytecode on.

    ``PYTHONDONTWRITEBYTECODE`` is dropped: nato-calc is measured as users get it, and a
    ``pip install .`` byte-compiles every module of the wheel at install time (see
    :func:`compile_product`), as it did textual and pydantic.
    """
    env = dict(os.environ)
    env["NATO_CALC_CACHE_DIR"] = cache_dir
    # no config file and no recovery file of this machine's user: the same app every run (a
    # what-if kept from a TUI ended by a signal would be offered over the screen measured)
    for var, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_STATE_HOME", "state")):
        env[var] = os.path.join(cache_dir, sub)
    for var in [v for v in env if v.startswith("NATO_CALC_") and v != "NATO_CALC_CACHE_DIR"]:
        del env[var]
    env.pop("NATO_CALC_NO_CACHE", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def compile_product() -> dict:
    """Byte-compile the installed ``calc`` package, as ``pip install`` does for a wheel.

    An editable install (``pip install -e``) compiles nothing: with PYTHONDONTWRITEBYTECODE
    set, such a checkout would recompile nato-calc's modules on every start while textual
    and pydantic load precompiled bytecode. Returns what was done (for the JSON output).
    """
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("calc")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("nato-calc is not installed in this environment")
    pkg = Path(next(iter(spec.submodule_search_locations)))
    ok = compileall.compile_dir(str(pkg), quiet=1, workers=1)
    return {"package": str(pkg), "compiled": bool(ok)}


def synthetic_preset(n: int):
    """A preset of ``n`` members with varied, realistic figures (built in code, no file)."""
    from calc.domain.dataset import Figure, Member, Preset

    members = []
    for i in range(n):
        gdp = Decimal(20 + (i * 7919) % 25000) + Decimal(i % 1000) / 1000
        share = Decimal(100 + (i * 37) % 400) / 10000  # 1.00 % .. 4.99 %
        related = None if i % 3 == 0 else Figure(Decimal((i * 13) % 150) / 10000, share=True)
        members.append(Member(_code(i), f"Member {i}", Figure(gdp), Figure(share, share=True), related))
    return Preset("synthetic", f"Synthetic, {n} members", 2025, tuple(members))


def synthetic_preset_toml(n: int, preset_id: str = "synthetic") -> str:
    """The same preset as a TOML document (for benchmarks that load files)."""
    lines = [
        "schema_version = 1",
        f'id = "{preset_id}"',
        f'label = "Synthetic, {n} members"',
        "year = 2025",
        "",
        "[[sources]]",
        'id = "synthetic"',
        'title = "Generated by bench/common.py"',
    ]
    p = synthetic_preset(n)
    for m in p.members:
        lines += ["", f"[members.{m.code}]", f'name = "{m.name}"', f"gdp = {m.gdp.value}",
                  f"core_share = {m.core.value}"]  # fmt: skip  # hand-wrapped: ruff's layout takes 5 more lines
        if m.related is not None:
            lines.append(f"related_share = {m.related.value}")
    return "\n".join(lines) + "\n"


def _code(i: int) -> str:
    """Distinct codes: 3 upper-case letters for the first 17,576 (valid in files), then M000123."""
    if i >= 26**3:
        return f"M{i:06d}"
    return chr(65 + i // 676) + chr(65 + i // 26 % 26) + chr(65 + i % 26)
