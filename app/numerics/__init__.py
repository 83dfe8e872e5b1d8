"""The lecture's math in float64, numpy only: nothing else of the app is imported here."""
