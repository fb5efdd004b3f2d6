"""The official Dropbox SDK for Python doing what a professor's script does, one task per line
read from stdin, so the client benchmark can interleave its own runs with these against the same
emulator. The host comes from DROPBOX_API_HOST (the SDK's own setting), the token from
DROPBOX_TOKEN.

Tasks (one per line):
  warm                          one call, so the timed tasks reuse an open connection
  list_requests                 every file request: list_v2, then list/continue while has_more
  list_folder PATH              every entry of a folder: list_folder, then continue
  get ID                        one file request
  create PREFIX COUNT THREADS   COUNT requests titled "PREFIX n" in /Peer/PREFIX n, from a pool
                                of THREADS threads sharing one client (1: a plain loop)

Each task answers one line: "ok MILLISECONDS COUNT" (the items listed or made), timed inside
the interpreter so its start-up is not counted.
"""

import concurrent.futures
import os
import sys
import time

import dropbox


def list_requests(dbx):
    page = dbx.file_requests_list_v2(limit=1000)
    count = len(page.file_requests)
    while page.has_more:
        page = dbx.file_requests_list_continue(page.cursor)
        count += len(page.file_requests)
    return count


def list_folder(dbx, path):
    page = dbx.files_list_folder(path)
    count = len(page.entries)
    while page.has_more:
        page = dbx.files_list_folder_continue(page.cursor)
        count += len(page.entries)
    return count


def create(dbx, prefix, count, threads):
    def one(number):
        title = f"{prefix} {number:03}"
        dbx.file_requests_create(title, f"/Peer/{title}")

    if threads == 1:
        for number in range(count):
            one(number)
    else:
        with concurrent.futures.ThreadPoolExecutor(max_workers=threads) as pool:
            list(pool.map(one, range(count)))
    return count


def main() -> None:
    dbx = dropbox.Dropbox(oauth2_access_token=os.environ["DROPBOX_TOKEN"])
    for line in sys.stdin:
        task, *args = line.split()
        started = time.monotonic()
        if task == "warm":
            dbx.users_get_current_account()
            count = 1
        elif task == "list_requests":
            count = list_requests(dbx)
        elif task == "list_folder":
            count = list_folder(dbx, args[0])
        elif task == "get":
            dbx.file_requests_get(args[0])
            count = 1
        elif task == "create":
            count = create(dbx, args[0], int(args[1]), int(args[2]))
        else:
            raise SystemExit(f"unknown task {task!r}")
        print(f"ok {(time.monotonic() - started) * 1000:.2f} {count}", flush=True)


if __name__ == "__main__":
    main()
