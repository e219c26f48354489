"""The start-up and memory baseline: a minimal Textual app, Header + DataTable with 32 rows +
Footer, as small as a Textual app showing a 32-row table gets.

Its rows are made in code (no file, no validation, no engine): 32 allies with figures of the
same shape and width as nato-calc's table, so both apps put a similar amount of text on
screen. ``python bench/minimal_app.py`` runs it like any Textual app.
"""

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header

ALLIES = (
    ("ALB", "Albania"), ("BEL", "Belgium"), ("BGR", "Bulgaria"), ("CAN", "Canada"),
    ("HRV", "Croatia"), ("CZE", "Czechia"), ("DNK", "Denmark"), ("EST", "Estonia"),
    ("FIN", "Finland"), ("FRA", "France"), ("DEU", "Germany"), ("GRC", "Greece"),
    ("HUN", "Hungary"), ("ISL", "Iceland"), ("ITA", "Italy"), ("LVA", "Latvia"),
    ("LTU", "Lithuania"), ("LUX", "Luxembourg"), ("MNE", "Montenegro"), ("NLD", "Netherlands"),
    ("MKD", "North Macedonia"), ("NOR", "Norway"), ("POL", "Poland"), ("PRT", "Portugal"),
    ("ROU", "Romania"), ("SVK", "Slovakia"), ("SVN", "Slovenia"), ("ESP", "Spain"),
    ("SWE", "Sweden"), ("TUR", "Türkiye"), ("GBR", "United Kingdom"), ("USA", "United States"),
)  # fmt: skip  # a table: one row a line
COLUMNS = ("Code", "Ally", "GDP $bn", "Core $bn", "Core %", "Rel $bn", "Total %",
           "To 2%", "To 3.5%", "To 5%", "Meets")  # fmt: skip  # hand-wrapped: ruff's layout takes 11 more lines


def rows() -> list[tuple[str, ...]]:
    out = []
    for i, (code, name) in enumerate(ALLIES):
        gdp = 20 + (i * 7919) % 5000 + (i % 10) / 10
        share = (100 + (i * 37) % 400) / 10000
        core = gdp * share
        rel = gdp * ((i * 13) % 150) / 10000
        total = min(rel, gdp * 0.015) + core
        gaps = [max(0.0, t * gdp - core) for t in (0.02, 0.035)] + [max(0.0, 0.05 * gdp - total)]
        meets = " ".join("✔" if g == 0 else "✗" for g in gaps)
        out.append(
            (code, name, f"{gdp:,.1f}", f"{core:,.2f}", f"{share * 100:.2f} %", f"{rel:,.2f}",
             f"{total / gdp * 100:.2f} %", *(f"{g:,.2f}" if g else "·" for g in gaps), meets)
        )  # fmt: skip  # hand-wrapped: ruff's layout takes 9 more lines
    return out


class MinimalApp(App):
    TITLE = "minimal"
    BINDINGS = [("e", "edit", "Edit"), ("s", "sort", "Sort"), ("q", "quit", "Quit")]

    def action_edit(self) -> None:
        self.bell()

    def action_sort(self) -> None:
        self.bell()

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*COLUMNS)
        table.add_rows(rows())


if __name__ == "__main__":
    MinimalApp().run()
