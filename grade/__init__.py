"""The tests the graders run, one module per section.

Importing a module registers its tests with gradelib.test, in the order
they are defined.  grade/labs.py imports the modules, says which lab and
part each test counts for, and is what grade-all and grade-lab1 ...
grade-lab5 run.
"""
