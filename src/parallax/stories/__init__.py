"""Same-story evidence: features of an article and a pairwise same-story score."""
