#!/usr/bin/env python3
"""Check the grader's autograder files against their formats.

    tools/check-gradeout.py                     the writers, on made-up results
    tools/check-gradeout.py RESULTS JUNIT LOG   files a grade wrote, and the
                                                grader's console output LOG

The first form feeds grade/results.py's writers results with a failure,
markup and control characters in them and checks that what they write
parses and says the same.  The second checks a real run's results.json (Gradescope's
format) and JUnit XML, and that both agree, test for test, with the
"NAME: OK" / "NAME: FAIL" lines and the "Score:" line the grader printed.
Prints what is wrong and exits 1, or prints "gradeout: ok".
"""

import json
import os
import re
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                ".."))
import grade.results  # noqa: E402

VISIBILITY = {"hidden", "after_due_date", "after_published", "visible"}
CASE_CHILDREN = {"failure", "error", "skipped", "system-out", "system-err"}


class Problems(list):
    def check(self, ok, message):
        if not ok:
            self.append(message)


def number(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def check_results_json(path, problems):
    """Check path against Gradescope's results.json format; return test
    name -> passed."""
    with open(path) as f:
        data = json.load(f)
    problems.check(isinstance(data, dict), "results.json: not an object")
    problems.check(number(data.get("score")), "results.json: no score")
    problems.check(number(data.get("execution_time")),
                   "results.json: no execution_time")
    problems.check(isinstance(data.get("output", ""), str),
                   "results.json: output is not a string")
    for key in ("visibility", "stdout_visibility"):
        problems.check(data.get(key, "visible") in VISIBILITY,
                       "results.json: bad %s" % key)
    tests = data.get("tests")
    problems.check(isinstance(tests, list) and tests,
                   "results.json: no tests")
    outcome = {}
    total = 0
    for t in tests or []:
        name = t.get("name")
        problems.check(isinstance(name, str), "results.json: a test "
                       "without a name")
        problems.check(number(t.get("score")) and number(t.get("max_score"))
                       and 0 <= t["score"] <= t["max_score"],
                       "results.json: %s: bad score/max_score" % name)
        problems.check(t.get("status") in ("passed", "failed"),
                       "results.json: %s: bad status" % name)
        problems.check(isinstance(t.get("output", ""), str),
                       "results.json: %s: output not a string" % name)
        problems.check(isinstance(t.get("number", ""), str),
                       "results.json: %s: number not a string" % name)
        problems.check(t.get("visibility", "visible") in VISIBILITY,
                       "results.json: %s: bad visibility" % name)
        total += t.get("score", 0) if number(t.get("score")) else 0
        outcome[name] = t.get("status") == "passed"
    problems.check(data.get("score") == total,
                   "results.json: score %s is not the sum of the tests' %s"
                   % (data.get("score"), total))
    return outcome, data


def check_junit(path, problems):
    """Check path as a JUnit XML report; return test name -> passed."""
    root = ET.parse(path).getroot()
    problems.check(root.tag == "testsuites", "junit: root is <%s>" % root.tag)
    suites = root.findall("testsuite")
    problems.check(suites, "junit: no <testsuite>")
    outcome = {}
    all_cases = all_failed = 0
    for suite in suites:
        cases = suite.findall("testcase")
        failed = [c for c in cases if c.find("failure") is not None]
        problems.check(suite.get("name"), "junit: a suite without a name")
        problems.check(suite.get("tests") == str(len(cases)),
                       "junit: suite %s: tests=%s, has %d"
                       % (suite.get("name"), suite.get("tests"), len(cases)))
        problems.check(suite.get("failures") == str(len(failed)),
                       "junit: suite %s: failures=%s, has %d"
                       % (suite.get("name"), suite.get("failures"),
                          len(failed)))
        float(suite.get("time"))
        for case in cases:
            name = case.get("name")
            problems.check(name and case.get("classname"),
                           "junit: a testcase without name or classname")
            float(case.get("time"))
            for child in case:
                problems.check(child.tag in CASE_CHILDREN,
                               "junit: %s: unexpected <%s>"
                               % (name, child.tag))
            failure = case.find("failure")
            problems.check(failure is None or failure.get("message"),
                           "junit: %s: failure without a message" % name)
            outcome[name] = failure is None
        all_cases += len(cases)
        all_failed += len(failed)
    problems.check(root.get("tests") == str(all_cases) and
                   root.get("failures") == str(all_failed),
                   "junit: <testsuites> counts disagree with its suites")
    return outcome


def check_run(results, junit, log):
    problems = Problems()
    from_json, data = check_results_json(results, problems)
    from_xml = check_junit(junit, problems)
    with open(log) as f:
        text = f.read()
    printed = {m[1]: m[2] == "OK" for m in
               re.finditer(r"^(\S+): (OK|FAIL) \(", text, re.M)}
    problems.check(printed, "the log has no test result lines")
    problems.check(from_json == printed,
                   "results.json disagrees with the log: %s" %
                   sorted(set(from_json.items()) ^ set(printed.items())))
    problems.check(from_xml == printed,
                   "junit disagrees with the log: %s" %
                   sorted(set(from_xml.items()) ^ set(printed.items())))
    score = re.search(r"^Score: (\d+)/(\d+)$", text, re.M)
    if score:
        # Regression tests are worth 0, so the total is the lab's score.
        problems.check(data.get("score") == int(score[1]),
                       "results.json score %s, the log says %s"
                       % (data.get("score"), score[1]))
    return problems


def check_writers():
    """The writers on made-up records: one pass, one failure whose reasons
    and console hold markup, quotes and control characters."""
    problems = Problems()
    nasty = 'missing: /^<a & "b">$/\x1b[0m\x00'
    records = [
        grade.results.Record("good", "Lab 1 Part A: x", 5, [], 1.5, ""),
        grade.results.Record("bad", "Lab 1 Part A: x", 10,
                             [nasty, "second"], 2.0,
                             "line 1\n\x07console <end>"),
        grade.results.Record("other", "Lab 2 (regression)", 0, [], 0.5,
                             ""),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        results = os.path.join(tmp, "results.json")
        junit = os.path.join(tmp, "junit.xml")
        grade.results.write_results_json(results, records, "summary", 4.0)
        grade.results.write_junit(junit, records, "made up")
        from_json, data = check_results_json(results, problems)
        from_xml = check_junit(junit, problems)
        want = {"good": True, "bad": False, "other": True}
        problems.check(from_json == want, "results.json outcomes %s"
                       % from_json)
        problems.check(from_xml == want, "junit outcomes %s" % from_xml)
        problems.check(data["score"] == 5, "results.json total %s, want 5"
                       % data["score"])
        bad = next(t for t in data["tests"] if t["name"] == "bad")
        problems.check(nasty in bad["output"] and "console <end>"
                       in bad["output"], "results.json lost failure text")
        failure = ET.parse(junit).getroot().find(".//failure")
        problems.check('<a & "b">' in failure.get("message") and
                       "second" in failure.text,
                       "junit lost failure text")
    return problems


def main():
    if len(sys.argv) == 1:
        problems = check_writers()
    elif len(sys.argv) == 4:
        problems = check_run(*sys.argv[1:])
    else:
        sys.exit(__doc__)
    for p in problems:
        print("gradeout: " + p)
    if problems:
        sys.exit(1)
    print("gradeout: ok")


if __name__ == "__main__":
    main()
