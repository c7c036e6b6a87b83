"""Who may do what, and where: the access policy and the checks of every command and query."""
