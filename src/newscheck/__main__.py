"""``python -m newscheck``."""

from newscheck.cli import main

if __name__ == "__main__":
    main()
