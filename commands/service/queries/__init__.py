"""The read side of the application: the query models, their answers, the read-only door and the answer cache."""
