from typing import Literal

__version__ = "0.1.0"
SCHEMA_VERSION: Literal[2] = 2  # 2 added published_source and modified_source
