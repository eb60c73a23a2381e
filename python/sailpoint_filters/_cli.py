"""The ``spfilter`` command that ``pip install`` puts on the ``PATH``: the Rust CLI, compiled
into the native module, run in this process (``spfilter --help`` lists its subcommands)."""

import signal
import sys

from sailpoint_filters._native import cli_main


def main() -> None:
    """Runs ``spfilter`` with this process's arguments and exits with its status."""
    # As the Rust binary: Ctrl-C ends the command (``spfilter serve`` installs its own handler
    # for a graceful stop) instead of waiting in Python for the native call to return.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    sys.exit(cli_main(["spfilter", *sys.argv[1:]]))


if __name__ == "__main__":
    main()
