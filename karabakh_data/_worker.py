"""A worker process of the fast build (fastbuild._run_parallel): pickled paths in, pickled columns out."""

import pickle
import sys

from karabakh_data.fastbuild import process_documents

if __name__ == "__main__":
    root, paths = pickle.loads(sys.stdin.buffer.read())
    sys.stdout.buffer.write(pickle.dumps(process_documents(root, paths), protocol=5))
    sys.stdout.buffer.flush()
