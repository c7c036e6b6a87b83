"""The command and query models every entrance builds, their shared field types and registries."""
