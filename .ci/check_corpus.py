#!/usr/bin/env python3
"""Checks the launcher's JSON lines for the corpus against expected.json (CI only).

The same rules as CorpusConformanceTest, applied to the output of the real launcher, so that the
acceptance command works end to end as a user runs it: every "alert" row alerts at low or above
(with the expected kind and id where given); every "no-alert" row stays at info or silent.
"""
import json
import os
import sys

ALERTING = {"low", "medium", "high", "critical"}


def main(expected_path, alerts_path):
    corpus = os.path.dirname(os.path.abspath(expected_path))
    alerts = {}
    with open(alerts_path, encoding="utf-8") as lines:
        for line in lines:
            alert = json.loads(line)
            if alert["severity"] not in ALERTING:
                continue
            file = os.path.relpath(os.path.abspath(alert["input"]["file"]), corpus)
            alerts.setdefault(file, []).append(alert)
    failures = []
    counts = {"alert": 0, "no-alert": 0, "either": 0}
    for row in json.load(open(expected_path, encoding="utf-8")):
        found = alerts.get(row["file"], [])
        counts[row["expect"]] = counts.get(row["expect"], 0) + 1
        if row["expect"] == "alert":
            if not found:
                failures.append(f"{row['file']}: expected an alert, got none")
            for field, key in (("credentialKind", "kind"), ("credentialId", "id")):
                want = row.get(field)
                if want and not any(a["credential"][key] == want for a in found):
                    failures.append(f"{row['file']}: expected credential {key} {want}")
        elif row["expect"] == "no-alert" and found:
            failures.append(
                f"{row['file']}: expected no alert, got {found[0]['severity']} {found[0]['rule']}")
    for failure in failures:
        print("corpus: " + failure, file=sys.stderr)
    print(f"corpus: {counts['alert']} alert rows, {counts['no-alert']} no-alert rows, "
          f"{counts['either']} either; {len(failures)} failures")
    return 1 if failures or counts["alert"] == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
