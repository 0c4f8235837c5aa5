"""State-free building blocks every domain may use."""
