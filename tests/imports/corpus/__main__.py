"""`python -m tests.imports.corpus DIR`: write the hostile corpus out to look at."""

import sys
from pathlib import Path

from tests.imports.corpus import write_all

write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "corpus"))
