#!/usr/bin/env python3
"""No corpus input may also be a rule example in the knowledge base (issue 14), so that the corpus
figures measure generalisation, not recall of the rules' own examples.

usage: check_kb_examples.py KB_PATTERNS_DIR BASELINE FILE.jsonl...
       check_kb_examples.py KB_PATTERNS_DIR --self-test
Texts are compared with whitespace collapsed and case folded. The wild corpus (files named wild-*) may
have no such input at all. BASELINE lists, one id a line, the records of the older documentation corpus
that were already also rule examples when this check was added; it may only shrink: a listed record that
no longer overlaps is reported too, so that the list stays exact. --self-test checks that a copied rule
example is caught.
"""
import glob, json, os, re, sys, tempfile


def norm(text):
    return re.sub(r"\s+", " ", text).strip().casefold()


def examples(kb_dir):
    found = {}
    for path in sorted(glob.glob(os.path.join(kb_dir, "*.json"))):
        with open(path, encoding="utf-8") as fh:
            for rule in json.load(fh).get("rules", []):
                for ex in rule.get("examples", []):
                    found.setdefault(norm(ex), f"{os.path.basename(path)}:{rule.get('id')}")
    return found


def check(kb_dir, baseline, files):
    known = examples(kb_dir)
    if not known:
        return [f"{kb_dir}: no rule examples found"]
    problems, overlapping, seen = [], set(), set()
    for path in files:
        wild = os.path.basename(path).startswith("wild-")
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                case = json.loads(line)
                seen.add(case.get("id"))
                rule = known.get(norm(case.get("input", "")))
                if rule is None:
                    continue
                overlapping.add(case.get("id"))
                if wild or case.get("id") not in baseline:
                    problems.append(f"{os.path.basename(path)}:{n} ({case.get('id')}): input is also an example of {rule}")
    for stale in sorted((baseline & seen) - overlapping):
        problems.append(f"baseline lists {stale}, which no longer overlaps a rule example: remove it from the list")
    return problems


def self_test(kb_dir):
    first = next(iter(examples(kb_dir)), None)
    if first is None:
        print("self-test: no rule examples to copy")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "wild-selftest.jsonl")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(json.dumps({"id": "copied", "input": "  " + first.upper() + "\n"}) + "\n")
        caught = check(kb_dir, set(), [path])
    print("self-test:", "a copied rule example is caught" if caught else "a copied rule example was NOT caught")
    return 0 if caught else 1


def main(argv):
    if len(argv) == 2 and argv[1] == "--self-test":
        return self_test(argv[0])
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as fh:
        baseline = {l.split("#")[0].strip() for l in fh} - {""}
    problems = check(argv[0], baseline, argv[2:])
    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s); {len(baseline)} documentation-corpus record(s) on the baseline list")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
