"""python -m initlab.assignment COURSE_DIR: an nbgrader course with the exercises generated."""
import argparse
import sys

from .course import ASSIGNMENT, build


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m initlab.assignment",
        description="Lay out an nbgrader course directory with InitLab's exercises as the "
                    f"assignment '{ASSIGNMENT}' and run nbgrader generate_assignment.")
    parser.add_argument("course_dir", help="the course directory (created if missing)")
    args = parser.parse_args(argv)
    try:
        release = build(args.course_dir)
    except (RuntimeError, OSError) as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"generated {release}\n"
          f"learners get release/{ASSIGNMENT}/; see docs/grading.md to collect and autograde.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
