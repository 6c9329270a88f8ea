#!/usr/bin/env python3
"""Writes an mbox of every message file in a directory, the whole set repeated N times.

  make_mbox.py MAILDIR N OUT

Each message gets its own `From ` separator line (a message's own leading `From ` envelope line is
dropped, since the separator replaces it) and every body line that starts with `From ` after any
number of `>` gains one more `>` (mboxrd quoting), so no message can split another.
"""
import os
import re
import sys

QUOTE = re.compile(rb"^(>*From )", re.M)


def main():
    src, times, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    names = sorted(n for n in os.listdir(src) if os.path.isfile(os.path.join(src, n)))
    messages = []
    for name in names:
        with open(os.path.join(src, name), "rb") as f:
            data = f.read()
        if data.startswith(b"From "):
            data = data.split(b"\n", 1)[1] if b"\n" in data else b""
        data = QUOTE.sub(rb">\1", data)
        if not data.endswith(b"\n"):
            data += b"\n"
        messages.append(b"From MAILER-DAEMON Thu Jan  1 00:00:00 2009\n" + data + b"\n")
    with open(out, "wb") as f:
        for _ in range(times):
            f.writelines(messages)
    print(len(names))


if __name__ == "__main__":
    main()
