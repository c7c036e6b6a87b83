"""Fixed vocabularies the entrances offer as choices, in a module that imports nothing, so a
command line can list them without loading the rules, the store or the read models."""

from __future__ import annotations

STEPS = ("self", "preliminary", "final")  # the three review steps of a branch-month, in order
DEDUCTION_STATUSES = ("active", "appealed", "maintained", "revoked")
ID_KINDS = ("member", "branch", "unit", "rulebook", "user", "entry")  # what an id in `history` may name
EXPORT_FORMATS = ("xlsx", "csv")
