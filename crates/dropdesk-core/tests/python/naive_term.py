"""A term's requests made the way a professor's script would: the official Dropbox SDK in a
loop, each row tried again when a call fails. The rows come as JSON on stdin; the hosts from
DROPBOX_API_HOST (the SDK's own setting) and the token from DROPBOX_TOKEN. Prints
"created N" for each row made, flushed, so the caller can kill it half-way, then the loop's
time ("elapsed_ms T") and "done".
"""

import datetime
import json
import os
import sys
import time

import dropbox
from dropbox.file_requests import FileRequestDeadline, GracePeriod

ATTEMPTS = 5


def main() -> None:
    rows = json.load(sys.stdin)
    dbx = dropbox.Dropbox(oauth2_access_token=os.environ["DROPBOX_TOKEN"])
    started = time.monotonic()
    for number, row in enumerate(rows, start=1):
        deadline = None
        if row.get("deadline"):
            at = datetime.datetime.strptime(row["deadline"], "%Y-%m-%dT%H:%M:%SZ")
            deadline = FileRequestDeadline(deadline=at, allow_late_uploads=GracePeriod.one_day)
        for attempt in range(1, ATTEMPTS + 1):
            try:
                dbx.file_requests_create(
                    row["title"],
                    row["destination"],
                    deadline=deadline,
                    description=row.get("description") or None,
                )
                print(f"created {number}", flush=True)
                break
            except Exception as error:  # what a naive script does: try the row again
                print(f"row {number} attempt {attempt}: {type(error).__name__}", file=sys.stderr)
    print(f"elapsed_ms {(time.monotonic() - started) * 1000:.1f}", flush=True)
    print("done", flush=True)


if __name__ == "__main__":
    main()
