"""Text reuse: passages copied between documents (MinHash LSH candidates, seed-and-extend alignment)."""
