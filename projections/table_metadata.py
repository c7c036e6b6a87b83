"""The one `MetaData` every read-model table is declared on.

It lives apart from the tables so that `tables.py` and `tables_audit.py` both import it and
neither imports the other: one direction, no loop.
"""

from sqlalchemy import MetaData

metadata = MetaData()
