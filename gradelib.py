"""gradelib: where grade scripts find the grader.

The grader is the package grade/ (grade/__init__.py says what is where).
This module gives its API under the classic name, so that a grade-labN
script written for classic JOS (`from gradelib import *`: Runner,
@test(points), end_part, run_tests, ...) runs unchanged, as do scripts
written against our own API (test(name, ...), fail, every_test, main).
"""

from grade.runner import *  # noqa: F401,F403 (the re-export is the point)
from grade.runner import __all__  # noqa: F401
