"""Models of the realtime domain."""
