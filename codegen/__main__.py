import os
import sys

from codegen.cli import main

code = main()
# Leave without the interpreter's teardown (freeing every module and object one by one takes
# longer than a small compile); nothing is pending but the standard streams.
try:
    sys.stdout.flush()
    sys.stderr.flush()
except OSError:  # e.g. stdout was a pipe closed early: what Python's own exit reports
    code = 120
os._exit(code)
