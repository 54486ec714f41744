"""python -m initlab.assignment DIR: the same as `initlab assignment DIR`."""
import sys

from ..cli import main

if __name__ == "__main__":
    sys.exit(main(["assignment", *sys.argv[1:]]))
