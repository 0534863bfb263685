"""Questions asked of a scored roster: absences, stress, comparison."""
