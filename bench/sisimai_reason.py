#!/usr/bin/env python3
"""Reason accuracy of smtpx against Debian's Sisimai (Sisimai::Reason->match) on a labelled corpus.

usage: bench/sisimai_reason.py SMTPX CORPUS.jsonl [CORPUS.jsonl ...]

Scores labels marked sure. Sisimai 4.25 (Debian 12) predates the reasons `authfailure` and `speeding`,
so it is scored twice: strictly, and "mapped", where its nearest 4.25 reasons count as right for those
labels (authfailure: securityerror or policyviolation, which 4.25 used for SPF/DKIM/DMARC failures;
speeding: toomanyconn, which it used for rate limits).
"""
import json
import subprocess
import sys

MAPPED = {"authfailure": {"securityerror", "policyviolation"}, "speeding": {"toomanyconn"}}
SAME = {"delivered": "accepted"}


def sisimai(inputs):
    script = r'''use strict; use Sisimai::Reason; local $/ = "\0";
while (my $l = <STDIN>) { chomp $l; my $r = Sisimai::Reason->match($l) // "undefined"; print "$r\n"; }'''
    p = subprocess.run(["perl", "-e", script], input="\0".join(inputs) + "\0", capture_output=True, text=True, timeout=600)
    return p.stdout.split("\n")[: len(inputs)]


def smtpx_answers(smtpx, inputs):
    """One answer per input. smtpx may find several replies in one paste (or none); when the batch
    does not come back one-for-one, each input is asked alone, and an input with other than exactly
    one answer scores as wrong (an empty answer), so the alignment of the others is kept."""
    run = lambda args: json.loads(subprocess.run([smtpx, "explain", "--json", *args], capture_output=True, text=True).stdout or "[]")
    ours = run(inputs)
    if len(ours) == len(inputs):
        return ours
    out = []
    for i in inputs:
        a = run([i])
        out.append(a[0] if len(a) == 1 else {})
    return out


def main():
    smtpx, files = sys.argv[1], sys.argv[2:]
    cases = [json.loads(l) for f in files for l in open(f, encoding="utf-8") if l.strip()]
    cases = [c for c in cases if c.get("sure", True) and c.get("reason")]
    inputs = [c["input"] for c in cases]
    ours = smtpx_answers(smtpx, inputs)
    theirs = sisimai(inputs)
    n = len(cases)
    ok_ours = sum(o.get("reason") == c["reason"] for c, o in zip(cases, ours))
    ok_strict = sum(SAME.get(r, r) == c["reason"] for c, r in zip(cases, theirs))
    ok_mapped = sum(SAME.get(r, r) == c["reason"] or r in MAPPED.get(c["reason"], ()) for c, r in zip(cases, theirs))
    print(f"{n} labelled replies: smtpx {ok_ours / n:.1%}, Sisimai strict {ok_strict / n:.1%}, "
          f"Sisimai mapped {ok_mapped / n:.1%}")


if __name__ == "__main__":
    main()
