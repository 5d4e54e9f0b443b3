"""``python -m jobbook.cli``: the command line (the tests run it so)."""

from jobbook.cli import run

if __name__ == "__main__":
    run()
