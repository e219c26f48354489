"""The fast-paint layer: widgets and helpers that draw the TUI without Textual's slow paths.

:mod:`.member_table` (the member table, one cached strip per row), :mod:`.line_panel` (panels
redrawn one line at a time), :mod:`.grid` (one-line grids laid out by hand, drawn like Rich's
``Table.grid``) and :mod:`.gcpolicy` (full garbage collections only while the user is idle).
They rely on private Textual and Rich APIs: README.md in this folder lists them and the versions
they were checked against; ``tests/tui/test_paint_apis.py`` fails when one of them changes.
"""
