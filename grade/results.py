"""grade.results: a grade's results in the files autograders and CI read.

    --results FILE   Gradescope's results.json (the "tests" form: one entry
                     per test with its score, max_score, status and output)
    --junit FILE     JUnit XML: one <testsuite> per lab part, one
                     <testcase> per test, a <failure> for each failed one

Recorder is a listener of grade.runner.main that adds these two
options, collects every test's result and writes the files when the run
ends.  Which part a test belongs to and what it is worth come from the
describe function it is given (grade/labs.py has the course's).
"""

import json
import os
import re
import time
import xml.etree.ElementTree as ET

__all__ = ["Record", "Recorder", "write_results_json", "write_junit"]

# How much of a failed test's console output goes into the files: the
# end of it, where the failure usually is.
OUTPUT_TAIL_LINES = 60

# Characters XML 1.0 cannot hold even escaped (console output may have
# escape sequences or stray bytes).
XML_ILLEGAL = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd]")


class Record:
    """One test's result, as the output files see it.

    group: the part it counts for, e.g. "Lab 4 Part A: Multiprocessing";
    points / max_points: what it scored and could score; problems: why it
    failed (empty if it passed); console: the tail of its console output
    if it failed."""

    def __init__(self, name, group, max_points, problems, seconds, console):
        self.name = name
        self.group = group
        self.max_points = max_points
        self.problems = list(problems)
        self.passed = not self.problems
        self.points = max_points if self.passed else 0
        self.seconds = seconds
        self.console = console


def console_tail(text, lines=OUTPUT_TAIL_LINES):
    """The last lines of text, with a note if some were left out."""
    all_lines = text.splitlines()
    if len(all_lines) <= lines:
        return "\n".join(all_lines)
    return "[... %d earlier lines]\n%s" % (
        len(all_lines) - lines, "\n".join(all_lines[-lines:]))


def failure_text(record):
    """What a student sees for a failed test: the reasons, then the end of
    the console output."""
    text = "\n".join(record.problems)
    if record.console:
        text += "\n--- end of console output ---\n" + record.console
    return text


def write_results_json(path, records, summary, seconds):
    """Write Gradescope's results.json for records to path.  The total is
    the sum of the tests' points; summary is the top-level output text,
    seconds how long the whole grade took."""
    tests = []
    for i, r in enumerate(records, 1):
        tests.append({
            "name": r.name,
            "number": str(i),
            "score": r.points,
            "max_score": r.max_points,
            "status": "passed" if r.passed else "failed",
            "output": "%s: %s" % (r.group, "OK" if r.passed
                                  else failure_text(r)),
            "visibility": "visible",
        })
    results = {
        "score": sum(r.points for r in records),
        "execution_time": round(seconds),
        "output": summary,
        "visibility": "visible",
        "stdout_visibility": "visible",
        "tests": tests,
    }
    with open(path, "w") as f:
        json.dump(results, f, indent=2)
        f.write("\n")


def xml_text(text):
    """text with what XML 1.0 cannot hold replaced by '?'."""
    return XML_ILLEGAL.sub("?", text)


def write_junit(path, records, name):
    """Write a JUnit XML report of records to path: a <testsuites> named
    name, a <testsuite> per group in order of first appearance."""
    groups = {}
    for r in records:
        groups.setdefault(r.group, []).append(r)
    root = ET.Element("testsuites", name=xml_text(name),
                      tests=str(len(records)),
                      failures=str(sum(not r.passed for r in records)),
                      errors="0",
                      time="%.3f" % sum(r.seconds for r in records))
    for group, members in groups.items():
        suite = ET.SubElement(
            root, "testsuite", name=xml_text(group),
            tests=str(len(members)),
            failures=str(sum(not r.passed for r in members)),
            errors="0", skipped="0",
            time="%.3f" % sum(r.seconds for r in members))
        for r in members:
            case = ET.SubElement(suite, "testcase", name=xml_text(r.name),
                                 classname=xml_text(group),
                                 time="%.3f" % r.seconds)
            if not r.passed:
                failure = ET.SubElement(case, "failure",
                                        message=xml_text(r.problems[0]),
                                        type="failure")
                failure.text = xml_text(failure_text(r))
    ET.ElementTree(root).write(path, encoding="UTF-8", xml_declaration=True)


class Recorder:
    """A grade.runner listener that writes --results and --junit files.

    describe(t) -> (group, max_points) for a grade.runner Test t; name is the
    report's title (JUnit's <testsuites name>)."""

    def __init__(self, describe, name):
        self.describe = describe
        self.name = name
        self.records = []
        self.tests = []
        self.start = time.monotonic()

    def add_arguments(self, parser):
        parser.add_argument("--results", metavar="FILE",
                            type=os.path.abspath,
                            help="write Gradescope's results.json to FILE")
        parser.add_argument("--junit", metavar="FILE",
                            type=os.path.abspath,
                            help="write a JUnit XML report to FILE")

    def started(self, args, tests):
        self.tests = list(tests)
        self.start = time.monotonic()

    def tested(self, t, result, problems):
        group, max_points = self.describe(t)
        console = console_tail(result.output.text) if problems else ""
        self.records.append(Record(t.name, group, max_points, problems,
                                   result.seconds, console))

    def summary(self):
        """The top-level output line of results.json."""
        passed = sum(r.passed for r in self.records)
        return "%s: %d of %d tests passed, %d/%d points" % (
            self.name, passed, len(self.records),
            sum(r.points for r in self.records),
            sum(r.max_points for r in self.records))

    def finished(self, args):
        if args.results:
            write_results_json(args.results, self.records, self.summary(),
                               time.monotonic() - self.start)
        if args.junit:
            write_junit(args.junit, self.records, self.name)
