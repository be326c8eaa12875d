"""``python -m hrcli`` behaves exactly like ``hrcli`` (prog_name is fixed to 'hrcli' in cli.main)."""

from hrcli.cli import run

run()
