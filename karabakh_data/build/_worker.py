"""A worker process of the fast build (workers.Workers): chunks of paths in, their columns out.

Reads length-prefixed pickles of (root, paths) on stdin until it reads None
(or the pipe closes), and answers each with the pickled ChunkResult of
documents.process_documents. The answers go out on a copy of the original
stdout; file descriptor 1 itself is pointed at stderr, so that anything
else printed (a warning, a site hook, a C library) cannot corrupt them.
"""

import os
import sys

from karabakh_data.build.documents import process_documents
from karabakh_data.build.workers import receive, send

if __name__ == "__main__":
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    while True:
        try:
            task = receive(sys.stdin.buffer)
        except EOFError:
            break
        if task is None:
            break
        root, paths = task
        send(answers, process_documents(root, paths))
