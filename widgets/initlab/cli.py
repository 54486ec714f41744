"""The `initlab` command: serve the dashboard to a class, copy the notebooks out to edit, or
build the exercises as an nbgrader assignment."""
import argparse
import shutil
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .app_files import NOTEBOOKS, notebooks_dir


class CommandError(Exception):
    """Bad input the user can fix; main() prints it and exits with status 2."""


def _port(text):
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1 to 65535)") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port {port} is out of range: use 1 to 65535")
    return port


def _version():
    try:
        return version("initlab")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown (not installed)"


def run_serve(args):
    from . import serve  # Voila loads only for this command: --help stays fast
    ip, port = serve.default_address()
    ip, port = args.ip or ip, args.port or port
    try:
        serve.serve(ip, port)
    except serve.ServeError as exc:
        raise CommandError(str(exc)) from None
    return 0


def copy_notebooks(target):
    """Copy the app's notebooks into target, a new or empty directory; return the copies."""
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise CommandError(f"{target} exists and is not a directory")
    if target.is_dir() and any(target.iterdir()):
        raise CommandError(f"{target} is not empty: give a new or empty directory "
                           "(nothing was copied, nothing overwritten)")
    source = notebooks_dir()
    try:
        target.mkdir(parents=True, exist_ok=True)
        return [shutil.copyfile(source / name, target / name) for name in NOTEBOOKS]
    except OSError as exc:
        raise CommandError(f"cannot copy the notebooks into {target}: {exc.strerror}") from None


def run_notebooks(args):
    copy_notebooks(args.directory)
    print(f"Copied {', '.join(NOTEBOOKS)} into {args.directory}.")
    print("Edit them in JupyterLab; `voila <notebook>` serves one as a page.")
    return 0


def run_assignment(args):
    from .assignment import ASSIGNMENT, build  # runs nbgrader: only for this command
    try:
        release = build(args.directory)
    except (RuntimeError, OSError) as exc:
        raise CommandError(str(exc)) from None
    print(f"generated {release}")
    print(f"Learners get release/{ASSIGNMENT}/; docs/grading.md says how to collect, autograde "
          "and give feedback with nbgrader in that course directory.")
    return 0


def parser():
    p = argparse.ArgumentParser(
        prog="initlab", description="InitLab: why weight initialization matters, live.")
    p.add_argument("--version", action="version", version=f"initlab {_version()}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    serve = sub.add_parser(
        "serve", help="serve the dashboard to a class (Voila, classroom settings)",
        description="Serve the dashboard, the lecture and the exercises with Voila and the "
                    "classroom settings. The server's / opens the dashboard.")
    serve.add_argument("--port", type=_port, help="port to listen on (default 8866)")
    serve.add_argument("--ip", metavar="ADDR",
                       help="address to listen on (default 127.0.0.1; 0.0.0.0 for every network)")
    serve.set_defaults(run=run_serve)
    notebooks = sub.add_parser(
        "notebooks", help="copy the notebooks into DIR, to edit them",
        description="Copy dashboard.ipynb, lecture.ipynb and exercises.ipynb into DIR, "
                    "which must be new or empty.")
    notebooks.add_argument("directory", metavar="DIR")
    notebooks.set_defaults(run=run_notebooks)
    assignment = sub.add_parser(
        "assignment", help="the exercises as an nbgrader assignment in course directory DIR",
        description="Lay out an nbgrader course directory DIR (created if missing) with the "
                    "exercises as the assignment 'initialization', and run nbgrader "
                    "generate_assignment. Needs the grading extra: pip install 'initlab[grading]'.")
    assignment.add_argument("directory", metavar="DIR")
    assignment.set_defaults(run=run_assignment)
    return p


def main(argv=None):
    p = parser()
    args = p.parse_args(argv)
    if args.command is None:
        p.print_help(sys.stderr)
        return 2
    try:
        return args.run(args)
    except CommandError as exc:
        print(f"initlab {args.command}: error: {exc}", file=sys.stderr)
        return 2

