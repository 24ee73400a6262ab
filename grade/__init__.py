"""The tests grade-lab4 runs, one module per section.

Importing a module registers its tests with gradelib.test, in the order
they are defined; grade-lab4 imports the modules in the order the tests
run and report.
"""
