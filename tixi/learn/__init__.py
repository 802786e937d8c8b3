"""Small learned models shipped as data: linear classifiers over hashed features (issue 10)."""
