"""Models of the analytics domain."""
