"""The exercises as an nbgrader assignment: its source notebook and the commands around it.

``exercises.ipynb`` beside this file is the one source of truth. It is the nbgrader *source*
version: reference solutions between ``### BEGIN SOLUTION`` / ``### END SOLUTION``, read-only
instruction cells, and one autograded check cell per initializer (with points and
``### BEGIN HIDDEN TESTS``). From it:

    initlab assignment COURSE_DIR                  # an nbgrader course, assignment generated
                                                   # (also: python -m initlab.assignment DIR)
    python -m initlab.assignment.learner PATH      # notebooks/exercises.ipynb (the learner's)

nbgrader comes from the optional ``grading`` extra: ``pip install 'initlab[grading]'``.
"""
from .course import ASSIGNMENT, NOTEBOOK, SOURCE, build, nbgrader

__all__ = ["ASSIGNMENT", "NOTEBOOK", "SOURCE", "build", "nbgrader"]
