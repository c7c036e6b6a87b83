"""Files in and out: month exports, their check, and imports."""
