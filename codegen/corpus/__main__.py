import sys

from codegen.corpus.cli import main

sys.exit(main())
