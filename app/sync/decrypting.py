"""A package decrypted in a process of its own: `python -P -m app.sync.decrypting FILE`.

age (pyrage) holds the interpreter for the whole of a decryption and calls back into
Python every 8 KiB, so in a thread beside the import's unzipping, hashing and staging
each waits for the other; in a child process the two run on two cores. The
identities come on stdin (never the command line, which other users can read), the
payload leaves on stdout, through a pipe, so it never touches the disk; the last
line on stderr says how it ended: `ok`, `not-for-us`, `damaged`, or `failed <what>`.
The file's hash is the importing process's to take, beside this one.

This module imports nothing of the program's own: it starts fast, and a package is
decrypted by age alone.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import BinaryIO

import pyrage

_BUFFER = 1 << 20
OK, NOT_FOR_US, DAMAGED, FAILED = "ok", "not-for-us", "damaged", "failed"


def decrypt(path: str, identities: list[str], out: BinaryIO) -> str:
    """Decrypt `path` into `out`; the ending line (see the module's note)."""
    try:
        keys = [pyrage.x25519.Identity.from_str(i) for i in identities]
        with Path(path).open("rb", buffering=_BUFFER) as handle:
            try:
                pyrage.decrypt_io(handle, out, keys)
                out.flush()
            except pyrage.DecryptError as err:
                return NOT_FOR_US if "No matching keys" in str(err) else DAMAGED
            except BrokenPipeError:
                return f"{FAILED} the import stopped reading"
            except OSError:  # a STREAM tag did not hold: cut short, altered, appended to
                return DAMAGED
            return OK
    except BaseException as err:  # said in one line; the import turns it into a refusal
        return f"{FAILED} {type(err).__name__}"


def main() -> int:
    identities = [line.strip() for line in sys.stdin if line.strip()]
    out = open(sys.stdout.fileno(), "wb", buffering=_BUFFER, closefd=False)  # noqa: SIM115
    ending = decrypt(sys.argv[1], identities, out)
    with contextlib.suppress(OSError):  # the import stopped reading: it knows why
        out.close()
    sys.stderr.write(ending + "\n")
    sys.stderr.flush()
    return 0 if ending.startswith(OK) else 1


if __name__ == "__main__":
    sys.exit(main())
