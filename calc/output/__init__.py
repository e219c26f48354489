"""Everything that turns results into text: numbers (:mod:`.fmt`), markers and the legend
(:mod:`.markers`), JSON and CSV (:mod:`.jsonout`, :mod:`.csvout`), xlsx (:mod:`.xlsxout`), the
formats (:mod:`.formats`) and the report, compare, path and benchmark renderers. See
ARCHITECTURE.md."""
