#!/usr/bin/env python3
"""A reference for ingest's speed: the same job in plain Python (standard
library only) -- stream a transcript file (.xml or .xml.gz) with
ElementTree.iterparse and store every dialogue and turn in SQLite, one
transaction.  A C ingest that is not clearly faster than this has no excuse.

usage: bench-python-reference.py FILE DB   (DB is created or emptied)
prints "DIALOGUES dialogues, TURNS turns, SECONDS s"
"""
import gzip
import sqlite3
import sys
import time
import xml.etree.ElementTree as ET

SCHEMA = """
DROP TABLE IF EXISTS turns; DROP TABLE IF EXISTS dialogues;
CREATE TABLE dialogues(id TEXT PRIMARY KEY, n_turns INTEGER NOT NULL);
CREATE TABLE turns(dialogue_id TEXT NOT NULL, n INTEGER NOT NULL, speaker TEXT,
  text TEXT NOT NULL, PRIMARY KEY(dialogue_id, n)) WITHOUT ROWID;
"""


def main(path, db_path):
    t0 = time.monotonic()
    db = sqlite3.connect(db_path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.executescript(SCHEMA)
    opener = gzip.open if path.endswith(".gz") else open
    n_dialogues = n_turns = 0
    db.execute("BEGIN")
    with opener(path, "rb") as f:
        root = None
        for event, elem in ET.iterparse(f, events=("start", "end")):
            if event == "start":
                if root is None:
                    root = elem
                continue
            if elem.tag != "dialogue":
                continue
            did = elem.get("id", "")
            rows = [(did, n, t.get("speaker"), "".join(t.itertext()))
                    for n, t in enumerate(elem.iterfind("turn"), 1)]
            db.executemany("INSERT INTO turns VALUES(?, ?, ?, ?)", rows)
            db.execute("INSERT INTO dialogues VALUES(?, ?)", (did, len(rows)))
            n_dialogues += 1
            n_turns += len(rows)
            root.remove(elem)   # memory stays flat: dialogues are dropped once stored
    db.execute("COMMIT")
    db.close()
    print(f"{n_dialogues} dialogues, {n_turns} turns, {time.monotonic() - t0:.3f} s")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: bench-python-reference.py FILE DB")
    main(sys.argv[1], sys.argv[2])
