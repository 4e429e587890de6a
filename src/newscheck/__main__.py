"""``python -m newscheck``."""

from newscheck.cli import run

if __name__ == "__main__":
    run()
