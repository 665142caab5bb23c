"""Geography for coding: boundaries, capitals, a gazetteer, and placement of strikes."""
