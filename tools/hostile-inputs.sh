#!/usr/bin/env bash
# The README's hostile-input figures: writes three inputs to a scratch folder and scans each with
# a 256 MiB heap, printing wall time and peak RSS. Usage, from the repository root:
#   tools/hostile-inputs.sh [SCRATCH]        (default /tmp/credwatch-hostile; needs about 2 GiB)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
scratch=${1:-/tmp/credwatch-hostile}
mkdir -p "$scratch"

# 1. A 1 GiB export as one JSON array: the generated firehose, one record per element.
./credwatch bench --write "$scratch/firehose.jsonl" --mb 1024 >/dev/null
{ echo '['; sed '$!s/$/,/' "$scratch/firehose.jsonl"; echo ']'; } >"$scratch/array-1g.json"
rm -f "$scratch/firehose.jsonl"

# 2. A gzip bomb: 3.5 MiB on disk, 900 MiB of one repeated record once expanded.
python3 - "$scratch/bomb.json.gz" <<'PY'
import gzip, sys
noise = b'{"eventVersion":"1.09","eventSource":"s3.amazonaws.com","eventName":"GetObject","eventTime":"2026-11-20T10:15:01Z","userIdentity":{"type":"IAMUser"},"requestParameters":{"bucketName":"b","key":"k"}}'
with gzip.open(sys.argv[1], "wb", compresslevel=9) as out:
    out.write(b'{"Records":[')
    chunk, written = (noise + b",") * 10000, 0
    while written < 900 << 20:
        out.write(chunk)
        written += len(chunk)
    out.write(noise + b"]}")
PY

# 3. 30,000 JSON lines that each break a limit or never close, with a real record every tenth.
python3 - "$scratch/hostile.jsonl" <<'PY'
import sys
good = '{"eventVersion":"1.09","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333","userName":"alice"},"eventTime":"2026-11-20T10:15:01Z","eventSource":"iam.amazonaws.com","eventName":"CreateAccessKey","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.7","userAgent":"aws-cli/2","requestParameters":{"userName":"bob"},"responseElements":{"accessKey":{"accessKeyId":"AKIANEW","status":"Active"}},"eventID":"e1","recipientAccountId":"111122223333"}'
hostile = ["[" * 120, '{"n":' + "1" * 1500 + "}", '{"a":[', '"unterminated', '{"a":[0,']
with open(sys.argv[1], "w") as out:
    for i in range(30000):
        out.write((good if i % 10 == 9 else hostile[i % 5]) + "\n")
PY

for input in array-1g.json bomb.json.gz hostile.jsonl; do
  echo "== $input ($(du -h "$scratch/$input" | cut -f1) on disk)"
  JAVA_OPTIONS=-Xmx256m /usr/bin/time -f 'wall %e s, peak RSS %M KB' \
    ./credwatch scan --format jsonl "$scratch/$input" 2>&1 >/dev/null | grep -E '^(credwatch: scanned|wall)'
done
