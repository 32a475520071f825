"""`python -m cultuurregio` and the `cultuurregio` command.

`run` imports the command line inside its own guard: a Ctrl-C while pandas and geopandas
load (about a second) ends with the same short message as one later, not a traceback.
"""

import sys


def run() -> int:
    try:
        from .cli import main
    except KeyboardInterrupt:
        from .messages import text

        print(f"cultuurregio: {text('error_prefix')}: {text('interrupted')}", file=sys.stderr)
        return 130
    return main()


if __name__ == "__main__":
    sys.exit(run())
