"""The domain of starledger: aggregates, events, rule books and pure scoring.

Nothing here imports SQL, the CLI or the environment.
"""
