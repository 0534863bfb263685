"""One file per schema change, applied in order; never edit one that has shipped."""
