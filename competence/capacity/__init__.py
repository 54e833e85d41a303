"""The work and functional capacity indicator: instruments as data, assessments and change."""
