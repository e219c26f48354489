"""The data the engine works on: members, figures, targets and groups (:mod:`.dataset`), the
member names and built-in groups (:mod:`.countries`), and the one registry of fields, derived
figures and targets (:mod:`.registry`). Pure: no formatting, no I/O. See ARCHITECTURE.md."""
