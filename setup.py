"""The wheel carries the app: the notebooks and the classroom Voila config are copied into
`initlab/app_data/` when the package is built (pyproject.toml holds everything else). The
repository keeps its one copy in `notebooks/` and `voila-config/`; the list of files is
`initlab/app_files.py`, read here without importing the package."""
import runpy
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
FILES = runpy.run_path(str(HERE / "widgets" / "initlab" / "app_files.py"))


class BuildPyWithApp(build_py):
    def run(self):
        super().run()
        if self.editable_mode:  # an editable install reads the checkout's files in place
            return
        target = Path(self.build_lib) / "initlab" / FILES["PACKAGED"]
        shutil.rmtree(target, ignore_errors=True)  # nothing stale from an earlier build
        for folder, names in ((FILES["NOTEBOOKS_DIR"], FILES["NOTEBOOKS"]),
                              (FILES["CONFIG_DIR"], FILES["CONFIG_FILES"])):
            (target / folder).mkdir(parents=True)
            for name in names:
                shutil.copyfile(HERE / folder / name, target / folder / name)


setup(cmdclass={"build_py": BuildPyWithApp})
