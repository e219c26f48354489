"""The private and undocumented Textual/Rich APIs the fast-paint layer relies on still exist.

Each entry is one row of calc/tui/paint/README.md ("Private and undocumented APIs relied on").
After a textual or rich upgrade a failure names the entry to re-check; once it is re-checked
(and tests/tui and ``bench/run.py --only tui-edit`` pass), update the versions here and in the
README.
"""

from __future__ import annotations

import contextvars
import gc
import inspect
from importlib.metadata import version
from pathlib import Path

import pytest

README = "calc/tui/paint/README.md"
CHECKED = {"textual": "8.2.8", "rich": "15.0.0"}


def params(func) -> list[str]:
    return list(inspect.signature(func).parameters)


def check_active_app() -> None:
    from textual._context import active_app

    assert isinstance(active_app, contextvars.ContextVar) and active_app.name == "active_app"


def check_ratio_reduce() -> None:
    from rich._ratio import ratio_reduce

    assert params(ratio_reduce) == ["total", "ratios", "maximums", "values"]
    assert ratio_reduce(3, [1, 1, 1], [5, 4, 3], [5, 4, 3]) == [4, 3, 2]


def check_style_meta() -> None:
    from rich.style import Style

    assert "_meta" in Style.__slots__
    assert Style()._meta is None and Style(meta={"@click": "x"})._meta


def check_apply_link_style() -> None:
    from textual.strip import Strip

    assert params(Strip._apply_link_style) == ["self", "link_style"]


def check_visual_abstract_methods() -> None:
    from textual.visual import Visual

    assert Visual.__abstractmethods__ == {"render_strips", "get_optimal_width", "get_height"}
    assert params(Visual.render_strips) == ["self", "width", "height", "style", "options"]
    assert params(Visual.get_optimal_width) == ["self", "rules", "container_width"]
    assert params(Visual.get_height) == ["self", "rules", "width"]


def check_console_options() -> None:
    from textual.app import App

    assert isinstance(inspect.getattr_static(App, "console_options"), property)


def check_measure() -> None:
    from textual.render import measure

    sig = inspect.signature(measure)
    assert list(sig.parameters) == ["console", "renderable", "default", "container_width"]
    assert sig.parameters["container_width"].kind is inspect.Parameter.KEYWORD_ONLY


def check_visual_style() -> None:
    from textual.widget import Widget

    assert isinstance(inspect.getattr_static(Widget, "visual_style"), property)


def check_notify_style_update() -> None:
    from textual.widget import Widget

    assert params(Widget.notify_style_update) == ["self"]


def check_links() -> None:
    from textual.reactive import Reactive
    from textual.widget import Widget

    assert isinstance(inspect.getattr_static(Widget, "auto_links"), Reactive)
    assert isinstance(inspect.getattr_static(Widget, "link_style"), property)


def check_theme_changed_signal() -> None:
    from textual.app import App
    from textual.signal import Signal

    assert "theme_changed_signal" in inspect.getsource(App.__init__)
    assert params(Signal.subscribe)[:3] == ["self", "node", "callback"]


def check_line_api() -> None:
    from textual.scroll_view import ScrollView
    from textual.strip import Strip
    from textual.widget import Widget

    assert params(Widget.render_line) == ["self", "y"]
    assert "render_line" not in ScrollView.__dict__  # ScrollView draws through Widget's line API
    assert params(Strip.__init__) == ["self", "segments", "cell_length"]
    for name in ("crop", "join", "extend_cell_length", "blank"):
        assert callable(getattr(Strip, name)), name


def check_scroll_to_region() -> None:
    from textual.widget import Widget

    keywords = inspect.signature(Widget.scroll_to_region).parameters
    for name in ("spacing", "animate", "force", "immediate"):
        assert keywords[name].kind is inspect.Parameter.KEYWORD_ONLY, name


def check_handle_exception() -> None:
    from textual.app import App

    assert params(App._handle_exception) == ["self", "error"]


def check_generational_gc() -> None:
    assert len(gc.get_threshold()) == 3 and len(gc.get_count()) == 3
    for name in ("freeze", "unfreeze", "get_freeze_count"):
        assert callable(getattr(gc, name)), name


#: (README row, what it is, its check)
ENTRIES = [
    (1, "textual._context.active_app", check_active_app),
    (2, "rich._ratio.ratio_reduce", check_ratio_reduce),
    (3, "rich.style.Style._meta", check_style_meta),
    (4, "textual.strip.Strip._apply_link_style", check_apply_link_style),
    (5, "textual.visual.Visual abstract methods", check_visual_abstract_methods),
    (6, "App.console_options", check_console_options),
    (7, "textual.render.measure", check_measure),
    (8, "Widget.visual_style", check_visual_style),
    (9, "Widget.notify_style_update", check_notify_style_update),
    (10, "Widget.auto_links, Widget.link_style", check_links),
    (11, "App.theme_changed_signal", check_theme_changed_signal),
    (12, "the line API (render_line, Strip)", check_line_api),
    (13, "Widget.scroll_to_region keywords", check_scroll_to_region),
    (14, "App._handle_exception", check_handle_exception),
    (15, "CPython's generational gc", check_generational_gc),
]


@pytest.mark.parametrize("row, name, check", ENTRIES, ids=[name for _, name, _ in ENTRIES])
def test_each_private_api_the_paint_layer_relies_on_still_exists_as_checked(row, name, check) -> None:
    try:
        check()
    except (AssertionError, ImportError, AttributeError, KeyError) as error:
        pytest.fail(
            f"{name} (row {row} of {README}) is not what the fast-paint layer was checked against "
            f"(textual {CHECKED['textual']}, rich {CHECKED['rich']}): {type(error).__name__}: {error}. "
            f"Re-check where the README says it is used."
        )


def test_every_readme_row_has_a_check() -> None:
    text = (Path(__file__).resolve().parents[2] / README).read_text(encoding="utf-8")
    rows = [
        line for line in text.splitlines() if line.startswith("| ") and line.split("|")[1].strip().isdigit()
    ]
    assert [int(r.split("|")[1]) for r in rows] == [row for row, _, _ in ENTRIES]


@pytest.mark.parametrize("package", sorted(CHECKED))
def test_textual_and_rich_are_the_versions_the_paint_layer_was_checked_against(package) -> None:
    installed = version(package)
    assert installed == CHECKED[package], (
        f"{package} is {installed}, the fast-paint layer was checked against {CHECKED[package]}: "
        f"re-check every row of {README} (the API checks above say which changed), then update "
        f"the versions there and in {__file__}."
    )
