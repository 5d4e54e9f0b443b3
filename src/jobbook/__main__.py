"""``python -m jobbook``: the same command line as the ``jobbook`` script."""

from jobbook.cli import run

if __name__ == "__main__":
    run()
