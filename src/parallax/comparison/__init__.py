"""Compare the articles of one story: facts, conflicts, quotes, framing, coverage."""
