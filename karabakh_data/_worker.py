"""A worker process of the fast build (fastbuild.Workers): chunks of paths in, their columns out.

Reads length-prefixed pickles of (root, paths) on stdin until it reads None
(or the pipe closes), and answers each with the pickled ChunkResult of
fastbuild.process_documents.
"""

import sys

from karabakh_data.fastbuild import process_documents, receive, send

if __name__ == "__main__":
    while True:
        try:
            task = receive(sys.stdin.buffer)
        except EOFError:
            break
        if task is None:
            break
        root, paths = task
        send(sys.stdout.buffer, process_documents(root, paths))
