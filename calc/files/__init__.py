"""Loading and saving: TOML reading and atomic writes (:mod:`.tomlio`), the pydantic file schemas
(:mod:`.models`), preset discovery and the validated-preset cache (:mod:`.presets`), scenario
files (:mod:`.scenario_file`) and the user's config file (:mod:`.config`). See ARCHITECTURE.md."""
