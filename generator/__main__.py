"""`python -m generator` runs the command line."""

import gc

# -- the collector's thresholds raised from the start, before the imports (cli._collect_less says why) --
gc.set_threshold(100_000, 20, 100)

from generator.cli import main  # noqa: E402

main(prog_name="python -m generator")
